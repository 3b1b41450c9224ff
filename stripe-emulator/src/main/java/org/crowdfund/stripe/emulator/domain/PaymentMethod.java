package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crowdfund.stripe.emulator.TestCard;

/** A card PaymentMethod; its behaviour is the test card it was made from. */
final class PaymentMethod implements StripeObject {

  static final int EXP_MONTH = 12;
  static final int EXP_YEAR = 2034;

  String id;
  long created;
  TestCard card;
  String customer;
  /** Set up for off-session use by a SetupIntent (3D Secure done where the card asked for it). */
  boolean setUpForOffSession;
  /** Used without a customer, or detached: Stripe refuses any further use or attachment. */
  boolean consumed;
  Map<String, String> metadata = new LinkedHashMap<>();

  @Override
  public String id() {
    return id;
  }

  @Override
  public ObjectNode toJson(EmulatorState state) {
    ObjectNode json = Json.object();
    json.put("id", id);
    json.put("object", "payment_method");
    json.put("allow_redisplay", "unspecified");
    json.set("billing_details", Json.emptyBillingDetails());
    ObjectNode cardJson = json.putObject("card");
    cardJson.put("brand", card.brand());
    ObjectNode checks = cardJson.putObject("checks");
    checks.putNull("address_line1_check");
    checks.putNull("address_postal_code_check");
    checks.putNull("cvc_check");
    cardJson.put("country", "US");
    cardJson.put("display_brand", card.brand());
    cardJson.put("exp_month", EXP_MONTH);
    cardJson.put("exp_year", EXP_YEAR);
    cardJson.put("fingerprint", fingerprint(card));
    cardJson.put("funding", "credit");
    cardJson.putNull("generated_from");
    cardJson.put("last4", card.last4());
    ObjectNode networks = cardJson.putObject("networks");
    networks.set("available", Json.array(card.brand()));
    networks.putNull("preferred");
    cardJson.put("regulated_status", "unregulated");
    cardJson.putObject("three_d_secure_usage").put("supported", true);
    cardJson.putNull("wallet");
    json.put("created", created);
    json.put("customer", customer);
    json.putNull("customer_account");
    json.put("livemode", false);
    json.set("metadata", Json.metadata(metadata));
    json.put("type", "card");
    return json;
  }

  /** Same card, same fingerprint, as with Stripe: lets a platform recognise a card saved twice. */
  static String fingerprint(TestCard card) {
    String hash = Integer.toHexString(card.token().hashCode() & 0x7fffffff);
    return ("Fp" + hash + "0000000000000000").substring(0, 16);
  }
}
