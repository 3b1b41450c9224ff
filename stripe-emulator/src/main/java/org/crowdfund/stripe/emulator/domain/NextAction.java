package org.crowdfund.stripe.emulator.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The next_action of an intent waiting for 3D Secure: a redirect to the emulator's authentication
 * page, which completes (or, with {@code ?outcome=fail}, fails) the authentication.
 */
final class NextAction {

  private NextAction() {}

  static ObjectNode json(boolean requiresAction, String authenticationUrl, String returnUrl) {
    if (!requiresAction) {
      return null;
    }
    ObjectNode action = Json.object();
    ObjectNode redirect = action.putObject("redirect_to_url");
    redirect.put("return_url", returnUrl);
    redirect.put("url", authenticationUrl);
    action.put("type", "redirect_to_url");
    return action;
  }
}
