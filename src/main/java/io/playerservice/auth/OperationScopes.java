package io.playerservice.auth;

import io.playerservice.operation.Operation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scopes each operation needs, as the {@code bearer} entries of the contract's
 * {@code security} declare them: read from the served openapi.yaml, so that the service asks
 * for what its contract tells clients, and nothing else.
 */
final class OperationScopes {
  private static final String CONTRACT = "/openapi.yaml";
  private static final String SCHEME = "bearer";

  private OperationScopes() {
  }

  /**
   * Every operation's scopes, all of which a token must grant.
   *
   * @throws IllegalStateException when an operation has none, or the contract protects an
   *     operation the service does not have
   */
  static Map<Operation, List<String>> fromContract() {
    Map<String, Operation> byId = Arrays.stream(Operation.values())
        .collect(Collectors.toMap(Operation::operationId, Function.identity()));
    Map<Operation, List<String>> scopes = new EnumMap<>(Operation.class);
    for (Object pathItem : map(read().get("paths")).values()) {
      for (Object operation : map(pathItem).values()) {
        if (!(operation instanceof Map<?, ?> declared) || !(declared.get("operationId") instanceof String id)) {
          continue; // a path's shared parameters, not an operation
        }
        List<String> needed = bearerScopes(declared.get("security"));
        if (needed.isEmpty()) {
          continue; // an open route
        }
        if (!byId.containsKey(id)) {
          throw new IllegalStateException("openapi.yaml protects " + id + ", which is no operation of the service");
        }
        scopes.put(byId.get(id), needed);
      }
    }
    for (Operation operation : Operation.values()) {
      if (!scopes.containsKey(operation)) {
        throw new IllegalStateException("openapi.yaml declares no bearer scope for " + operation.operationId());
      }
    }
    return scopes;
  }

  /** The scopes of the {@code bearer} requirement among {@code security}'s alternatives. */
  private static List<String> bearerScopes(Object security) {
    if (security instanceof List<?> alternatives) {
      for (Object requirement : alternatives) {
        if (map(requirement).get(SCHEME) instanceof List<?> scopes && !scopes.isEmpty()) {
          return scopes.stream().map(String::valueOf).toList();
        }
      }
    }
    return List.of();
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> map ? map : Map.of();
  }

  private static Map<?, ?> read() {
    try (InputStream in = OperationScopes.class.getResourceAsStream(CONTRACT)) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the class path");
      }
      return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
