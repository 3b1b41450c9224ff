package org.crowdfund.stripe.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes Stripe's form encoding with bracket notation: {@code metadata[k]=v} becomes a nested map,
 * {@code expand[0]=a} and {@code expand[]=a} become lists. Only {@code metadata} keeps numeric keys
 * as a map, because its keys are the caller's own.
 */
final class FormDecoder {

  private FormDecoder() {}

  static Map<String, Object> decode(String encoded) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return root;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      insert(root, segments(key), value);
    }
    return listify(root, false);
  }

  private static List<String> segments(String key) {
    List<String> segments = new ArrayList<>();
    int bracket = key.indexOf('[');
    if (bracket < 0) {
      segments.add(key);
      return segments;
    }
    segments.add(key.substring(0, bracket));
    int position = bracket;
    while (position < key.length() && key.charAt(position) == '[') {
      int close = key.indexOf(']', position);
      if (close < 0) {
        segments.add(key.substring(position + 1));
        break;
      }
      segments.add(key.substring(position + 1, close));
      position = close + 1;
    }
    return segments;
  }

  @SuppressWarnings("unchecked")
  private static void insert(Map<String, Object> root, List<String> segments, String value) {
    Map<String, Object> current = root;
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      if (segment.isEmpty()) {
        segment = String.valueOf(current.size());
      }
      if (i == segments.size() - 1) {
        current.put(segment, value);
        return;
      }
      Object next = current.get(segment);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        current.put(segment, next);
      }
      current = (Map<String, Object>) next;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> listify(Map<String, Object> map, boolean keepMap) {
    Map<String, Object> result = new LinkedHashMap<>();
    map.forEach((key, value) -> {
      if (value instanceof Map<?, ?> nested) {
        Map<String, Object> child = listify((Map<String, Object>) nested, key.equals("metadata"));
        result.put(key, !key.equals("metadata") && allIndices(child) ? toList(child) : child);
      } else {
        result.put(key, value);
      }
    });
    return result;
  }

  private static boolean allIndices(Map<String, Object> map) {
    return !map.isEmpty() && map.keySet().stream().allMatch(key -> key.matches("\\d+"));
  }

  private static List<Object> toList(Map<String, Object> indexed) {
    TreeMap<Integer, Object> ordered = new TreeMap<>();
    indexed.forEach((index, value) -> ordered.put(Integer.parseInt(index), value));
    return new ArrayList<>(ordered.values());
  }
}
