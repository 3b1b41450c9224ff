package org.crowdfund.stripe.emulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {

  @Test
  void bracketsBecomeNestedMapsAndIndexedBracketsBecomeLists() {
    Map<String, Object> decoded = FormDecoder.decode(
        "amount=1000&metadata[pledge_id]=p%201&payment_method_types[0]=card&expand[]=latest_charge"
            + "&expand[]=customer&payment_method_options[card][request_three_d_secure]=any");

    assertEquals("1000", decoded.get("amount"));
    assertEquals(Map.of("pledge_id", "p 1"), decoded.get("metadata"));
    assertEquals(List.of("card"), decoded.get("payment_method_types"));
    assertEquals(List.of("latest_charge", "customer"), decoded.get("expand"));
    assertEquals(Map.of("card", Map.of("request_three_d_secure", "any")), decoded.get("payment_method_options"));
  }

  @Test
  void numericMetadataKeysStayAMap() {
    assertEquals(Map.of("0", "zero", "1", "one"), FormDecoder.decode("metadata[0]=zero&metadata[1]=one")
        .get("metadata"));
  }

  @Test
  void listIndicesKeepTheirOrder() {
    assertEquals(List.of("a", "b", "c"), FormDecoder.decode("expand[2]=c&expand[0]=a&expand[1]=b").get("expand"));
  }

  @Test
  void emptyInputIsNoParameters() {
    assertEquals(Map.of(), FormDecoder.decode(null));
    assertEquals(Map.of(), FormDecoder.decode(""));
  }
}
