package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one Jackson mapper of the emulator and small helpers to build Stripe-shaped JSON. */
public final class Json {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static ArrayNode array(String... values) {
    ArrayNode array = MAPPER.createArrayNode();
    for (String value : values) {
      array.add(value);
    }
    return array;
  }

  public static ObjectNode metadata(Map<String, String> metadata) {
    ObjectNode node = object();
    metadata.forEach(node::put);
    return node;
  }

  /** An address with every field null, as Stripe renders an unset address. */
  public static ObjectNode emptyAddress() {
    ObjectNode address = object();
    for (String field : new String[] {"city", "country", "line1", "line2", "postal_code", "state"}) {
      address.putNull(field);
    }
    return address;
  }

  public static ObjectNode emptyBillingDetails() {
    ObjectNode billing = object();
    billing.set("address", emptyAddress());
    billing.putNull("email");
    billing.putNull("name");
    billing.putNull("phone");
    billing.putNull("tax_id");
    return billing;
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
