package io.playerservice.player;

/** One page of the listing: up to {@code limit} players with ids after {@code after} (null: from the start). */
public record PageRequest(int limit, String after) {
}
