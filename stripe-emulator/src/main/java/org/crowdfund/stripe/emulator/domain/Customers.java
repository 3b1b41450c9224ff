package org.crowdfund.stripe.emulator.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

public final class Customers {

  private static final Set<String> CREATE_PARAMS = Set.of("email", "name", "description", "phone", "metadata",
      "payment_method", "invoice_settings");

  private final StripeAccount account;

  Customers(StripeAccount account) {
    this.account = account;
  }

  public Customer create(Params params) {
    params.allowOnly(CREATE_PARAMS);
    Customer customer = new Customer();
    customer.id = Ids.next("cus");
    customer.created = account.now();
    customer.invoicePrefix = Ids.random(8).toUpperCase();
    apply(customer, params);
    customer.metadata.values().removeIf(String::isEmpty);
    String paymentMethod = params.string("payment_method").orElse(null);
    account.data().customers.put(customer.id, customer);
    if (paymentMethod != null) {
      account.paymentMethods.attach(paymentMethod, customer, "payment_method");
    }
    account.emit("customer.created", customer);
    return customer;
  }

  public Customer retrieve(String id) {
    return get(id, "id", true);
  }

  public Customer update(String id, Params params) {
    params.allowOnly(Set.of("email", "name", "description", "phone", "metadata", "invoice_settings"));
    Customer customer = get(id, "id", true);
    apply(customer, params);
    account.emit("customer.updated", customer);
    return customer;
  }

  public List<PaymentMethod> paymentMethods(String customerId) {
    get(customerId, "customer", true);
    List<PaymentMethod> methods = new ArrayList<>(account.data().paymentMethods.values().stream()
        .filter(method -> customerId.equals(method.customer)).toList());
    Collections.reverse(methods);
    return methods;
  }

  Customer get(String id, String param, boolean inUrl) {
    Customer customer = account.data().customers.get(id);
    if (customer == null) {
      throw StripeApiException.noSuch("customer", id, param, inUrl);
    }
    return customer;
  }

  private void apply(Customer customer, Params params) {
    params.string("email").ifPresent(email -> customer.email = email);
    params.string("name").ifPresent(name -> customer.name = name);
    params.string("description").ifPresent(description -> customer.description = description);
    params.string("phone").ifPresent(phone -> customer.phone = phone);
    StripeAccount.applyMetadata(customer.metadata, params.metadata());
    params.nested("invoice_settings").string("default_payment_method").ifPresent(methodId -> {
      PaymentMethod method = account.paymentMethods.get(methodId, "invoice_settings[default_payment_method]");
      if (!customer.id.equals(method.customer)) {
        throw StripeApiException.invalidRequest("resource_missing", "invoice_settings[default_payment_method]",
            "No such PaymentMethod: '" + methodId + "'; it is not attached to customer " + customer.id + ".");
      }
      customer.defaultPaymentMethod = methodId;
    });
  }
}
