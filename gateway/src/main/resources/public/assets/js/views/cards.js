// Payment methods. In local mode payment-service talks to the Stripe emulator, which knows Stripe's
// test payment methods: the page offers them by name. Elsewhere a real card form (Stripe.js) would
// produce the payment method id; this page only runs in local mode and in tests.
import { h, field } from '../dom.js';

export const TEST_CARDS = [
  ['pm_card_visa', 'Visa ending 4242 (succeeds)'],
  ['pm_card_mastercard', 'Mastercard ending 4444 (succeeds)'],
  ['pm_card_authenticationRequired', 'Visa ending 3184 (asks for 3-D Secure)'],
  ['pm_card_chargeCustomerFail', 'Visa ending 0341 (saved, then declined when charged)'],
  ['pm_card_captureDeclined', 'Visa ending 0069 (authorized, declined at capture)'],
  ['pm_card_chargeDeclined', 'Visa ending 0002 (declined at once)'],
];

export function cardChooser(name = 'paymentMethodId', selected = 'pm_card_visa') {
  return field('Card', h('select', { name, required: true },
    TEST_CARDS.map(([id, label]) => h('option', { value: id, selected: id === selected }, label))),
  'Test cards of the local payment provider');
}

export const COUNTRIES = [
  ['', 'Prefer not to say'], ['US', 'United States'], ['GB', 'United Kingdom'], ['DE', 'Germany'], ['FR', 'France'],
  ['NL', 'Netherlands'], ['SE', 'Sweden'], ['CA', 'Canada'], ['AU', 'Australia'], ['JP', 'Japan'], ['IN', 'India'], ['BR', 'Brazil'],
];

export function countryChooser(selected = '') {
  return field('Country', h('select', { name: 'country', autocomplete: 'country' },
    COUNTRIES.map(([code, label]) => h('option', { value: code, selected: code === selected }, label))),
  'Shown to the creator only as a count of backers per country');
}
