package org.crowdfund.stripe.emulator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crowdfund.stripe.emulator.domain.Json;
import org.crowdfund.stripe.emulator.domain.Params;
import org.crowdfund.stripe.emulator.domain.StripeAccount;
import org.crowdfund.stripe.emulator.domain.StripeObject;

/** The table of Stripe endpoints the emulator serves: the one place to see what it supports. */
final class Routes {

  private Routes() {}

  static List<Route> of(StripeAccount account) {
    return List.of(
        post("/v1/customers", (ids, p) -> render(account, account.customers.create(p), p)),
        get("/v1/customers/{id}", (ids, p) -> render(account, account.customers.retrieve(ids.get(0)), p)),
        post("/v1/customers/{id}", (ids, p) -> render(account, account.customers.update(ids.get(0), p), p)),
        get("/v1/customers/{id}/payment_methods", (ids, p) -> {
          p.allowOnly(Set.of("type", "limit", "starting_after", "ending_before"));
          return account.list("/v1/customers/" + ids.get(0) + "/payment_methods",
              account.customers.paymentMethods(ids.get(0)), p);
        }),

        get("/v1/payment_methods", (ids, p) -> account.list("/v1/payment_methods",
            account.paymentMethods.list(p), p)),
        get("/v1/payment_methods/{id}", (ids, p) -> render(account, account.paymentMethods.retrieve(ids.get(0)), p)),
        post("/v1/payment_methods/{id}/attach", (ids, p) ->
            render(account, account.paymentMethods.attach(ids.get(0), p), p)),
        post("/v1/payment_methods/{id}/detach", (ids, p) ->
            render(account, account.paymentMethods.detach(ids.get(0)), p)),

        post("/v1/setup_intents", (ids, p) -> render(account, account.setupIntents.create(p), p)),
        get("/v1/setup_intents/{id}", (ids, p) -> render(account, account.setupIntents.retrieve(ids.get(0)), p)),
        post("/v1/setup_intents/{id}", (ids, p) -> render(account, account.setupIntents.update(ids.get(0), p), p)),
        post("/v1/setup_intents/{id}/confirm", (ids, p) ->
            render(account, account.setupIntents.confirm(ids.get(0), p), p)),
        post("/v1/setup_intents/{id}/cancel", (ids, p) ->
            render(account, account.setupIntents.cancel(ids.get(0), p), p)),

        post("/v1/payment_intents", (ids, p) -> render(account, account.paymentIntents.create(p), p)),
        get("/v1/payment_intents", (ids, p) -> account.list("/v1/payment_intents",
            account.paymentIntents.list(p), p)),
        get("/v1/payment_intents/search", (ids, p) -> searchResult(account, p)),
        get("/v1/payment_intents/{id}", (ids, p) ->
            render(account, account.paymentIntents.retrieve(ids.get(0)), p)),
        post("/v1/payment_intents/{id}", (ids, p) ->
            render(account, account.paymentIntents.update(ids.get(0), p), p)),
        post("/v1/payment_intents/{id}/confirm", (ids, p) ->
            render(account, account.paymentIntents.confirm(ids.get(0), p), p)),
        post("/v1/payment_intents/{id}/capture", (ids, p) ->
            render(account, account.paymentIntents.capture(ids.get(0), p), p)),
        post("/v1/payment_intents/{id}/cancel", (ids, p) ->
            render(account, account.paymentIntents.cancel(ids.get(0), p), p)),

        get("/v1/charges/{id}", (ids, p) -> render(account, account.refunds.charge(ids.get(0)), p)),
        post("/v1/refunds", (ids, p) -> render(account, account.refunds.create(p), p)),
        get("/v1/refunds", (ids, p) -> account.list("/v1/refunds", account.refunds.list(p), p)),
        get("/v1/refunds/{id}", (ids, p) -> render(account, account.refunds.retrieve(ids.get(0)), p)),

        get("/v1/events", (ids, p) -> account.list("/v1/events", account.events.list(p), p)),
        get("/v1/events/{id}", (ids, p) -> render(account, account.events.retrieve(ids.get(0)), p)),

        post("/v1/test_helpers/test_clocks", (ids, p) -> render(account, account.testClocks.create(p), p)),
        get("/v1/test_helpers/test_clocks/{id}", (ids, p) ->
            render(account, account.testClocks.retrieve(ids.get(0)), p)),
        post("/v1/test_helpers/test_clocks/{id}/advance", (ids, p) ->
            render(account, account.testClocks.advance(ids.get(0), p), p)),
        new Route("DELETE", "/v1/test_helpers/test_clocks/{id}", (ids, p) -> {
          account.testClocks.delete(ids.get(0));
          ObjectNode deleted = Json.object();
          deleted.put("id", ids.get(0));
          deleted.put("object", "test_helpers.test_clock");
          deleted.put("deleted", true);
          return deleted;
        }));
  }

  private static Route get(String path, Route.Operation operation) {
    return new Route("GET", path, operation);
  }

  private static Route post(String path, Route.Operation operation) {
    return new Route("POST", path, operation);
  }

  private static ObjectNode render(StripeAccount account, StripeObject object, Params params) {
    return account.render(object, params.expand());
  }

  private static ObjectNode searchResult(StripeAccount account, Params params) {
    ObjectNode result = account.list("/v1/payment_intents/search", account.paymentIntents.search(params),
        new Params(params.has("limit") ? Map.of("limit", params.asMap().get("limit")) : Map.of()));
    result.put("object", "search_result");
    result.putNull("next_page");
    return result;
  }
}
