// Swagger UI on the service's own contract (the webjar's initializer points at the petstore).
// The contract's server is "/", so "Try it out" calls this same origin; with authentication on,
// the Authorize button takes a bearer token (a JWT) and sends it with every call.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    displayRequestDuration: true,
    // No call to the public validator: the page talks to this service only.
    validatorUrl: null
  });
};
