package org.crowdfund.stripe.emulator.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decoded request parameters (form body or query string) with Stripe's validation errors:
 * values are strings, nested maps ({@code metadata[k]}) or lists ({@code expand[0]}).
 */
public final class Params {

  private final Map<String, Object> values;

  public Params(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static Params empty() {
    return new Params(Map.of());
  }

  public Map<String, Object> asMap() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Stripe rejects parameters it does not know; so does the emulator, naming what it supports. */
  public void allowOnly(Set<String> allowed) {
    for (String name : values.keySet()) {
      if (!allowed.contains(name) && !name.equals("expand")) {
        throw StripeApiException.invalidRequest("parameter_unknown", name,
            "Received unknown parameter: " + name + ". The stripe-emulator supports: "
                + String.join(", ", new TreeSet<>(allowed)) + ".");
      }
    }
  }

  public Optional<String> string(String name) {
    Object value = values.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw StripeApiException.invalidRequest("parameter_invalid_string", name,
          "Invalid string: " + value + " (" + name + " must be a string)");
    }
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  public String requiredString(String name) {
    return string(name).orElseThrow(() -> StripeApiException.missingParam(name));
  }

  public String oneOf(String name, String defaultValue, Set<String> allowed) {
    String value = string(name).orElse(defaultValue);
    if (value != null && !allowed.contains(value)) {
      throw StripeApiException.invalidRequest("parameter_invalid_string", name,
          "Invalid " + name + ": must be one of " + String.join(", ", new TreeSet<>(allowed)));
    }
    return value;
  }

  public boolean bool(String name, boolean defaultValue) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return defaultValue;
    }
    return switch (value.get()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw StripeApiException.invalidRequest("parameter_invalid_boolean", name,
          "Invalid boolean: " + value.get());
    };
  }

  public Optional<Long> integer(String name) {
    Optional<String> value = string(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.get()));
    } catch (NumberFormatException e) {
      throw StripeApiException.invalidRequest("parameter_invalid_integer", name,
          "Invalid integer: " + value.get());
    }
  }

  public Params nested(String name) {
    Object value = values.get(name);
    if (value == null || "".equals(value)) {
      return empty();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw StripeApiException.invalidRequest("parameter_invalid_object", name,
          "Invalid object: " + name + " must be a hash");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    return new Params(copy);
  }

  /** Metadata as Stripe limits it: at most 50 keys, keys up to 40 and values up to 500 characters. */
  public Map<String, String> metadata() {
    Params metadata = nested("metadata");
    Map<String, String> result = new LinkedHashMap<>();
    for (String key : metadata.values.keySet()) {
      if (key.length() > 40) {
        throw StripeApiException.invalidRequest("parameter_invalid_string", "metadata",
            "Metadata keys can have at most 40 characters: " + key);
      }
      String value = metadata.string(key).orElse("");
      if (value.length() > 500) {
        throw StripeApiException.invalidRequest("parameter_invalid_string", "metadata",
            "Metadata values can have at most 500 characters (key " + key + ")");
      }
      result.put(key, value);
    }
    if (result.size() > 50) {
      throw StripeApiException.invalidRequest("parameter_invalid_object", "metadata",
          "Metadata can have at most 50 keys");
    }
    return result;
  }

  public List<String> list(String name) {
    Object value = values.get(name);
    List<String> result = new ArrayList<>();
    if (value == null || "".equals(value)) {
      return result;
    }
    if (value instanceof List<?> list) {
      list.forEach(item -> result.add(String.valueOf(item)));
    } else if (value instanceof String single) {
      result.add(single);
    } else {
      throw StripeApiException.invalidRequest("parameter_invalid_array", name,
          "Invalid array: " + name + " must be a list");
    }
    return result;
  }

  public List<String> expand() {
    return list("expand");
  }
}
