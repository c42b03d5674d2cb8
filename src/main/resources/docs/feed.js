// The live trade feed: GET /trades/stream in an EventSource. The browser reconnects by itself
// after a dropped stream, with the last event's id as Last-Event-ID, so no trade is missed or
// shown twice; only a refusal (a 503 when the service is at its stream limit) closes it for good,
// and then this page opens it again after the stream's retry time. ?limit=N stops following after
// N trades, leaving a snapshot (what a headless browser can load and print).
(function () {
  "use strict";
  // The page keeps the newest rows only, so a page left open for a day stays small.
  var MAX_ROWS = 500;
  // The service's 503 says Retry-After: 1, which an EventSource cannot read.
  var REOPEN_MS = 1000;
  var params = new URLSearchParams(window.location.search);
  var limit = parseInt(params.get("limit"), 10) || 0;
  var rows = document.getElementById("trades");
  var status = document.getElementById("status");
  var shown = 0;
  var source = null;
  document.getElementById("player").value = params.get("player") || "";

  function open(after) {
    var query = new URLSearchParams();
    if (params.get("player")) { query.set("player", params.get("player")); }
    if (after) { query.set("after", after); }
    var url = "/trades/stream" + (query.toString() ? "?" + query : "");
    source = new EventSource(url);
    source.onopen = function () { status.textContent = "live"; };
    source.onmessage = function (event) { show(event.lastEventId, JSON.parse(event.data)); };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) {
        var resume = source.lastEventId || after; // EventSource forgets it when it closes for good
        status.textContent = "refused; trying again";
        setTimeout(function () { open(resume); }, REOPEN_MS);
      } else {
        status.textContent = "reconnecting";
      }
    };
  }

  function cell(row, text, number) {
    var td = document.createElement("td");
    td.textContent = text;
    if (number) { td.className = "number"; }
    row.appendChild(td);
  }

  function show(cursor, result) {
    var trade = result.trade;
    var row = document.createElement("tr");
    row.dataset.id = trade.id;
    row.dataset.cursor = cursor;
    cell(row, trade.at.replace("T", " ").replace("Z", ""));
    cell(row, trade.sellId);
    cell(row, trade.buyId);
    cell(row, trade.amount, true);
    cell(row, trade.price, true);
    cell(row, result.seller.coins + " coins, " + result.seller.goods + " goods");
    cell(row, result.buyer.coins + " coins, " + result.buyer.goods + " goods");
    rows.insertBefore(row, rows.firstChild);
    shown++;
    if (rows.childElementCount > MAX_ROWS) { rows.removeChild(rows.lastChild); }
    status.textContent = "live: " + shown + " trades";
    if (shown === limit) {
      source.close();
      status.textContent = "stopped after " + shown + " trades";
    }
  }

  open(params.get("after"));
})();
