package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The next_action of an intent waiting for 3D Secure, as Stripe chooses it: without a return_url
 * the integration is expected to use Stripe.js ({@code use_stripe_sdk}); with one, the customer is
 * sent to a page ({@code redirect_to_url}). Both lead to the emulator's authentication page, which
 * completes (or, with {@code ?outcome=fail}, fails) the authentication and, when the intent has a
 * return_url, sends the browser back to it.
 */
final class NextAction {

  private NextAction() {}

  static ObjectNode json(boolean requiresAction, String authenticationUrl, String returnUrl) {
    if (!requiresAction) {
      return null;
    }
    ObjectNode action = Json.object();
    if (returnUrl == null) {
      ObjectNode sdk = action.putObject("use_stripe_sdk");
      sdk.put("type", "three_d_secure_redirect");
      sdk.put("stripe_js", authenticationUrl);
      action.put("type", "use_stripe_sdk");
      return action;
    }
    ObjectNode redirect = action.putObject("redirect_to_url");
    redirect.put("return_url", returnUrl);
    redirect.put("url", authenticationUrl);
    action.put("type", "redirect_to_url");
    return action;
  }
}
