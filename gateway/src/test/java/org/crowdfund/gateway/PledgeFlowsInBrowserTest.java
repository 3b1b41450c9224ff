package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pledging in a real browser, against the real pledge-, payment- (with the Stripe emulator),
 * campaign-, reservation- and notification-service: a limited tier's slot held and pledged with a
 * plain card; a card that asks for 3-D Secure finished at the provider's page, which sends the
 * browser back to the page, where the pledge continues; cancel before the cutoff; cancel shown
 * locked after it (and refused by the server with PLEDGE_LOCKED); a payment that failed at
 * settlement fixed with another card; a creator who creates and launches a campaign and watches
 * the dashboard change while another browser pledges; the inbox with its unread count and the
 * notification preferences. axe-core checks every view these flows open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PledgeFlowsInBrowserTest {
    private Api api;
    private Browser browser;
    /** A campaign whose pledges lock a few seconds after it launched (see {@link #lockedSoon}). */
    private LockedSoon lockedSoon;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        lockedSoon = lockedSoon();
        WebPageInBrowserTest.seedDemoData(api);
        browser = new Browser(api.uri("/"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @RegisterExtension
    final TestWatcher diagnostics = Browser.failureDiagnostics(() -> browser);

    @BeforeEach
    void signedOut() {
        browser.signOut();
    }

    @Test
    void aBackerHoldsALimitedSlotAndPledgesWithAPlainCard() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 3);
        browser.signIn(WebPageInBrowserTest.ALAN);
        browser.open("#/campaigns/" + campaign.string("id"));

        browser.tierCard("Tier 0").findElement(By.xpath(".//button[text()='Reserve a slot']")).click();
        // the tier shows the hold once the page has read it again
        browser.wait.until(d -> browser.tierCard("Tier 0").findElement(By.linkText("Pledge now"))).click();
        WebElement form = browser.find(By.cssSelector("form.pledge"));
        assertThat(browser.find(By.cssSelector(".hold .countdown")).getText()).matches("\\d\\d:\\d\\d");
        WebElement amount = form.findElement(By.name("amount"));
        amount.clear();
        amount.sendKeys("5.00");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("form.pledge .problem"), "at least $10.00"));

        amount.clear();
        amount.sendKeys("12.50");
        new Select(form.findElement(By.name("country"))).selectByValue("DE");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pledge confirmed"));
        assertThat(browser.find(By.cssSelector(".pledge-status .badge")).getText()).isEqualTo("pending");
        assertThat(browser.find(By.cssSelector(".facts .amount")).getText()).isEqualTo("$12.50");
        browser.screenshot("pledge-confirmed");
        browser.assertAccessible("the pledge confirmation");
        browser.find(By.id("nav-pledges")).click();
        WebElement mine = browser.find(By.xpath("//article[contains(@class,'pledge')][.//a[text()='" + campaign.string("title") + "']]"));
        assertThat(mine.getText()).contains("pending", "$12.50", "Tier 0");
        browser.assertAccessible("my pledges");
    }

    @Test
    void aCardThatAsksFor3DSecureIsFinishedAtTheProviderAndTheBackerReturnsToThePledge() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = Fixtures.active(api, creator);
        browser.signIn(WebPageInBrowserTest.ALAN);
        browser.open("#/campaigns/" + id + "/pledge");
        WebElement form = browser.find(By.cssSelector("form.pledge"));
        form.findElement(By.name("amount")).clear();
        form.findElement(By.name("amount")).sendKeys("30");
        new Select(form.findElement(By.name("paymentMethodId"))).selectByValue("pm_card_authenticationRequired");

        form.findElement(By.cssSelector("button[type=submit]")).click();

        // the provider's authentication page (the emulator's) completes it and sends the browser
        // back to payment-service's return address, the page, which continues the pledge
        browser.wait.until(d -> d.getCurrentUrl().matches(".*#/pledges/[0-9a-f-]{36}$"));
        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pledge confirmed"));
        assertThat(browser.find(By.cssSelector(".pledge-status .badge")).getText()).isEqualTo("pending");
        assertThat(browser.find(By.cssSelector(".facts .amount")).getText()).isEqualTo("$30.00");
        assertThat(browser.driver.getCurrentUrl()).as("the provider's query (with its client secret) left the address")
                .doesNotContain("client_secret").doesNotContain("?payment_intent").doesNotContain("?setup_intent");
        String pledge = browser.driver.getCurrentUrl().replaceAll(".*#/pledges/", "");
        assertThat(api.get("/api/v1/pledges/" + pledge, api.token(WebPageInBrowserTest.ALAN_SUBJECT, "backer")).string("status"))
                .isEqualTo("pending");
    }

    @Test
    void aBackerCancelsBeforeTheCutoff() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = Fixtures.active(api, creator);
        String pledge = pledge(api.token(WebPageInBrowserTest.ALAN_SUBJECT, "backer"), id, 2_000, "pm_card_visa");
        browser.signIn(WebPageInBrowserTest.ALAN);
        browser.open("#/me/pledges");

        WebElement card = browser.find(By.cssSelector("[data-pledge='" + pledge + "']"));
        assertThat(card.getText()).contains("You can cancel or change this pledge until");
        card.findElement(By.xpath(".//button[text()='Cancel pledge']")).click();
        browser.wait.until(ExpectedConditions.alertIsPresent()).accept();

        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-pledge='" + pledge + "'] .badge"), "cancelled"));
        assertThat(api.get("/api/v1/pledges/" + pledge, api.token(WebPageInBrowserTest.ALAN_SUBJECT, "backer")).string("status"))
                .isEqualTo("cancelled");
    }

    @Test
    void afterTheCutoffCancelIsDisabledWithTheLockTimeAndTheServerRefusesIt() {
        // the campaign was launched before the other tests ran; its cutoff has passed by now
        await().atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(lockedSoon.cutoff()));
        String backer = api.token(WebPageInBrowserTest.ALAN_SUBJECT, "backer");
        // a pledge after the cutoff is taken (until the deadline) but locked from the start
        String pledge = pledge(backer, lockedSoon.id(), 2_000, "pm_card_visa");
        browser.signIn(WebPageInBrowserTest.ALAN);

        browser.open("#/me/pledges");

        WebElement card = browser.find(By.cssSelector("[data-pledge='" + pledge + "']"));
        assertThat(card.findElement(By.xpath(".//button[text()='Cancel pledge']")).isEnabled()).isFalse();
        assertThat(card.findElement(By.cssSelector(".locked .meta")).getText()).startsWith("Locked since")
                .contains("24 h before the campaign ends");
        Api.Response refused = api.post("/api/v1/pledges/" + pledge + ":cancel", backer, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("code")).isEqualTo("PLEDGE_LOCKED");
        browser.assertAccessible("a locked pledge");
    }

    @Test
    void aPaymentThatFailedAtSettlementIsFixedWithAnotherCardOnThePage() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = launched(creator, "{\"title\":\"Fixable " + TestInfra.shortId() + "\",\"description\":\"Small goal\","
                + "\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\",\"goalMinor\":1000,\"endAt\":\""
                + Fixtures.endAt(Duration.ofDays(30)) + "\",\"noRewards\":true}");
        String subject = Fixtures.newSubject("backer");
        String backer = api.token(subject, "backer");
        // saved now (the deadline is weeks away: no hold yet), declined when settlement charges it
        String pledge = pledge(backer, id, 2_500, "pm_card_chargeCustomerFail");
        Api.Response ended = api.post("/api/v1/campaigns/" + id + ":end", api.token(Fixtures.newSubject("admin"), "admin"), null);
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> "payment_failed".equals(api.get("/api/v1/pledges/" + pledge, backer).string("status")));
        browser.signInWithToken(backer);

        browser.open("#/me/pledges");

        WebElement card = browser.find(By.cssSelector("[data-pledge='" + pledge + "']"));
        assertThat(card.findElement(By.cssSelector(".badge")).getText()).isEqualTo("payment failed");
        WebElement fix = card.findElement(By.cssSelector(".fix-payment"));
        assertThat(fix.getText()).contains("Payment failed", "Give another card before").doesNotContain("..");
        browser.assertAccessible("a pledge whose payment failed");
        new Select(fix.findElement(By.name("paymentMethodId"))).selectByValue("pm_card_visa");
        fix.findElement(By.cssSelector("button[type=submit]")).click();

        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-pledge='" + pledge + "'] .badge"), "captured"));
        assertThat(browser.driver.findElements(By.cssSelector("[data-pledge='" + pledge + "'] .fix-payment"))).isEmpty();
        assertThat(api.get("/api/v1/pledges/" + pledge, backer).string("status")).isEqualTo("captured");
    }

    @Test
    void aCreatorLaunchesACampaignAndWatchesTheDashboardChangeWhileAnotherBrowserPledges() {
        String title = "Two browsers " + TestInfra.shortId();
        browser.signIn(WebPageInBrowserTest.ADA);
        browser.find(By.id("nav-new")).click();
        WebElement form = browser.find(By.cssSelector("form.stack"));
        form.findElement(By.name("title")).sendKeys(title);
        form.findElement(By.name("description")).sendKeys("Watched live from two browsers.");
        new Select(form.findElement(By.name("currency"))).selectByVisibleText("USD");
        form.findElement(By.name("goal")).sendKeys("100");
        browser.setValue(form.findElement(By.name("end")), LocalDate.now(ZoneOffset.UTC).plusDays(20).toString());
        form.findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), title));
        WebElement tierForm = browser.find(By.xpath("//h3[text()='Add a reward tier']/following-sibling::form"));
        tierForm.findElement(By.name("title")).sendKeys("Supporter");
        tierForm.findElement(By.name("min")).sendKeys("5");
        tierForm.findElement(By.cssSelector("button[type=submit]")).click();
        browser.tierCard("Supporter");
        browser.assertAccessible("the creator's draft with its controls");
        browser.find(By.xpath("//button[text()='Launch']")).click();
        browser.wait.until(ExpectedConditions.alertIsPresent()).accept();
        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("main .badge"), "active"));
        String id = browser.driver.getCurrentUrl().replaceAll(".*#/campaigns/", "");
        browser.find(By.linkText("Dashboard")).click();
        browser.awaitView("#/campaigns/" + id + "/dashboard");
        assertThat(kpi(browser, "pledge-count")).isEqualTo("0");

        try (Browser backer = new Browser(api.uri("/"))) {
            backer.signOut();
            backer.signIn(WebPageInBrowserTest.ALAN);
            backer.open("#/campaigns/" + id);
            backer.wait.until(d -> backer.tierCard("Supporter").findElement(By.linkText("Pledge to Supporter"))).click();
            WebElement pledge = backer.find(By.cssSelector("form.pledge"));
            WebElement amount = pledge.findElement(By.name("amount"));
            amount.clear();
            amount.sendKeys("42.50");
            new Select(pledge.findElement(By.name("country"))).selectByValue("SE");
            pledge.findElement(By.cssSelector("button[type=submit]")).click();
            backer.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pledge confirmed"));
        }

        // the creator's browser was not reloaded: the dashboard follows the campaign's events
        browser.wait.until(d -> kpi(browser, "pledge-count").equals("1"));
        browser.wait.until(d -> kpi(browser, "pledged-total").equals("$42.50"));
        browser.wait.until(d -> browser.find(By.cssSelector("table.by-country")).getText().contains("SE"));
        assertThat(browser.find(By.cssSelector("table.by-tier")).getText()).contains("Supporter 1 $42.50");
        browser.assertAccessible("the dashboard after a pledge");
    }

    @Test
    void theInboxCountsUnreadNotificationsAndThePreferencesAreSaved() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = launched(creator, "{\"title\":\"Receipts " + TestInfra.shortId() + "\",\"description\":\"Charged at once\","
                + "\"fundingModel\":\"keep_it_all\",\"currency\":\"USD\",\"goalMinor\":100000,\"endAt\":\""
                + Fixtures.endAt(Duration.ofDays(30)) + "\",\"noRewards\":true}");
        String backer = api.token(Fixtures.newSubject("backer"), "backer");
        // keep-it-all charges at once: each pledge is a receipt in the inbox
        pledge(backer, id, 1_500, "pm_card_visa");
        pledge(backer, id, 2_500, "pm_card_visa");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/me/notifications", backer).number("unreadCount") == 2);
        browser.signInWithToken(backer);

        WebElement unread = browser.find(By.id("unread"));
        assertThat(unread.getText()).isEqualTo("2");
        assertThat(browser.find(By.id("nav-inbox")).getAttribute("aria-label")).isEqualTo("Inbox, 2 unread");
        browser.find(By.id("nav-inbox")).click();
        browser.awaitView("#/me/inbox");
        assertThat(browser.find(By.cssSelector("main [role=status]")).getText()).isEqualTo("2 unread");
        assertThat(browser.driver.findElements(By.cssSelector("li.notification.unread"))).hasSize(2);
        browser.assertAccessible("the inbox");
        browser.screenshot("inbox");

        browser.find(By.cssSelector("li.notification.unread")).findElement(By.xpath(".//button[text()='Mark as read']")).click();

        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("main [role=status]"), "1 unread"));
        browser.wait.until(ExpectedConditions.textToBe(By.id("unread"), "1"));
        assertThat(browser.driver.findElements(By.cssSelector("li.notification.unread"))).hasSize(1);
        assertThat(api.get("/api/v1/me/notifications", backer).number("unreadCount")).isEqualTo(1);

        browser.find(By.linkText("Notification preferences")).click();
        browser.awaitView("#/me/preferences");
        WebElement receiptByEmail = browser.find(By.name("receipt.email"));
        assertThat(receiptByEmail.isSelected()).as("receipts always go by e-mail").isTrue();
        assertThat(receiptByEmail.isEnabled()).isFalse();
        WebElement updatesInInbox = browser.find(By.name("creator_update.inApp"));
        assertThat(updatesInInbox.isSelected()).isTrue();
        browser.assertAccessible("the notification preferences");
        updatesInInbox.click();
        browser.find(By.xpath("//button[text()='Save preferences']")).click();
        // the polite live region is visually hidden: read what it says to screen readers
        browser.wait.until(d -> "Preferences saved.".equals(browser.js("return document.getElementById('announcer').textContent")));

        browser.driver.navigate().refresh();
        browser.awaitView("#/me/preferences");
        assertThat(browser.find(By.name("creator_update.inApp")).isSelected()).isFalse();
        assertThat(browser.find(By.name("creator_update.email")).isSelected()).isTrue();
    }

    /** A campaign that ends in a day and half a minute and locks pledges 24 h before: its cutoff is half a minute away. */
    private LockedSoon lockedSoon() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        Instant end = Instant.now().plus(Duration.ofDays(1)).plus(Duration.ofSeconds(30)).truncatedTo(ChronoUnit.SECONDS);
        String id = launched(creator, "{\"title\":\"Locked " + TestInfra.shortId() + "\",\"description\":\"Locks early\","
                + "\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\",\"goalMinor\":500000,\"endAt\":\"" + end
                + "\",\"pledgeCutoffHours\":24,\"noRewards\":true}");
        return new LockedSoon(id, end.minus(Duration.ofHours(24)));
    }

    private record LockedSoon(String id, Instant cutoff) {
    }

    private String launched(String creatorToken, String json) {
        Api.Response created = api.post("/api/v1/campaigns", creatorToken, json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.string("id");
        Api.Response launched = api.post("/api/v1/campaigns/" + id + ":launch", creatorToken, null);
        assertThat(launched.status()).as(launched.toString()).isEqualTo(200);
        return id;
    }

    private String pledge(String backerToken, String campaignId, long amountMinor, String card) {
        Api.Response pledged = api.post("/api/v1/pledges", backerToken,
                "{\"campaignId\":\"" + campaignId + "\",\"tierId\":null,\"amountMinor\":" + amountMinor + ",\"currency\":\"USD\","
                        + "\"paymentMethodId\":\"" + card + "\"}", "Idempotency-Key", TestInfra.shortId());
        assertThat(pledged.status()).as(pledged.toString()).isEqualTo(201);
        return pledged.string("id");
    }

    private static String kpi(Browser browser, String key) {
        return browser.find(By.cssSelector("[data-kpi='" + key + "'] strong")).getText();
    }
}
