package org.crowdfund.gateway;

import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in a real browser (Debian's headless Chromium through chromedriver), against the
 * gateway and the real campaign-, reservation- and payment-service, with the demo data of
 * scripts/seed-demo.sh: what a visitor, a creator and a backer see and do, live updates pushed
 * over server-sent events, and axe-core's accessibility check on every view.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageInBrowserTest {
    static final String ADA = "Ada Lovelace (creator)";
    static final String ALAN = "Alan Turing (backer)";
    static final String ALAN_SUBJECT = "00000000-0000-7000-8000-00000000b001";
    static final String ADA_SUBJECT = "00000000-0000-7000-8000-00000000c001";
    private static final Pattern SLOTS_LEFT = Pattern.compile("(\\d+) of (\\d+) left");
    private static final Pattern MM_SS = Pattern.compile("\\d\\d:\\d\\d");

    private Api api;
    private Browser browser;
    private PledgeRecorder pledges;

    @BeforeAll
    void start() {
        api = GatewayHarness.api();
        seedDemoData(api);
        browser = new Browser(api.uri("/"));
        pledges = new PledgeRecorder();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (pledges != null) {
            pledges.close();
        }
    }

    /** A failed test leaves a screenshot and what the page showed and logged. */
    @RegisterExtension
    final TestWatcher diagnostics = Browser.failureDiagnostics(() -> browser);

    @BeforeEach
    void signedOut() {
        browser.signOut();
    }

    @Test
    void theListShowsTheSeededCampaignsWithTheirProgress() {
        WebElement engine = card("Analytical Engine desk model");

        assertThat(cardTitles()).contains("Notes on the Note G algorithm (book)", "A-0 compiler retro kit")
                .doesNotContain("The first bug: framed moth replica", "COBOL style guide poster");
        assertThat(engine.findElement(By.cssSelector("[role=progressbar]")).getAttribute("aria-valuenow")).isEqualTo("0");
        assertThat(engine.findElement(By.cssSelector(".meta")).getText()).contains("$0.00 of $25,000.00", "0 %", "0 backers", "left");
        assertThat(engine.findElement(By.cssSelector(".badge")).getText()).isEqualTo("active");
        assertThat(card("Notes on the Note G algorithm (book)").getText()).contains("¥800,000");
        browser.assertAccessible("the campaign list");
    }

    @Test
    void thePageTheDashboardAndTheApiDocsWorkUnderTheContentSecurityPolicy() {
        browser.console();
        browser.open("#/campaigns/" + seededCampaignId("Analytical Engine desk model"));
        // The seeded campaign has no pledges yet: the fill is 0 % wide, present but not visible.
        browser.find(By.cssSelector(".progress"));
        WebElement bar = browser.driver.findElement(By.cssSelector(".progress > .fill"));
        assertThat(bar.getAttribute("style")).as("the progress bar is sized through the CSSOM").contains("width");
        browser.signIn(ADA);
        browser.open("#/campaigns/" + seededCampaignId("Analytical Engine desk model") + "/dashboard");
        browser.find(By.cssSelector("#velocity-chart canvas"));

        browser.driver.get(api.uri("/docs/").toString());
        browser.wait.until(d -> !d.findElements(By.cssSelector(".swagger-ui .opblock")).isEmpty());

        assertThat(browser.console()).as("nothing the pages need is blocked").noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void searchAndTheStateFilterNarrowTheList() {
        WebElement search = browser.find(By.name("q"));
        search.sendKeys("compiler", Keys.ENTER);

        browser.awaitView("#/?q=compiler");
        assertThat(cardTitles()).containsExactly("A-0 compiler retro kit");
        assertThat(browser.driver.getCurrentUrl()).contains("q=compiler");

        browser.open("#/");
        new Select(browser.find(By.name("status"))).selectByVisibleText("Cancelled");
        browser.awaitView("#/?status=cancelled");
        assertThat(cardTitles()).contains("COBOL style guide poster");
        assertThat(cardTitles()).doesNotContain("Analytical Engine desk model");
    }

    @Test
    void aCampaignPageShowsWhatABackerNeedsToDecide() {
        browser.open("#/campaigns/" + seededCampaignId("Analytical Engine desk model"));

        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Analytical Engine desk model");
        assertThat(browser.find(By.cssSelector(".funding-model")).getText()).startsWith("All or nothing: your card is charged only if");
        assertThat(browser.find(By.cssSelector(".description")).getText()).contains("punch cards included");
        assertThat(browser.find(By.cssSelector(".campaign-progress")).getText()).contains("$0.00 of $25,000.00", "0 %", "0 backers", "d", "left");
        assertThat(browser.tierCard("Signed edition").getText()).contains("10 of 10 left", "from $499.00", "Estimated delivery");
        assertThat(browser.tierCard("Early bird").getText()).containsPattern(SLOTS_LEFT.pattern()).contains("of 25 left", "Sign in to reserve a slot");
        assertThat(browser.tierCard("Desk model").getText()).contains("unlimited", "from $149.00", "Pledge to Desk model");
        assertThat(browser.driver.switchTo().activeElement().getTagName()).as("focus moves to the new view's heading").isEqualTo("h1");
        browser.screenshot("campaign-page");
        browser.assertAccessible("a campaign page");
    }

    @Test
    void aSignedInCreatorCreatesACampaignAddsATierLaunchesItAndPostsAnUpdate() {
        String title = "Browser kettle " + TestInfra.shortId();
        browser.signIn(ADA);

        browser.find(By.id("nav-new")).click();
        WebElement form = browser.find(By.cssSelector("form.stack"));
        browser.assertAccessible("the new campaign form");
        form.findElement(By.name("title")).sendKeys(title);
        form.findElement(By.name("description")).sendKeys("Boils water with sunlight.");
        new Select(form.findElement(By.name("currency"))).selectByVisibleText("USD");
        form.findElement(By.name("goal")).sendKeys("1,500.50");
        browser.setValue(form.findElement(By.name("end")), LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
        form.findElement(By.cssSelector("button[type=submit]")).click();

        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), title));
        assertThat(browser.find(By.cssSelector("main .badge")).getText()).isEqualTo("draft");
        assertThat(browser.find(By.cssSelector(".campaign-progress")).getText()).contains("of $1,500.50");
        WebElement tierForm = browser.find(By.xpath("//h3[text()='Add a reward tier']/following-sibling::form"));
        tierForm.findElement(By.name("title")).sendKeys("Browser early bird");
        tierForm.findElement(By.name("min")).sendKeys("25");
        tierForm.findElement(By.name("limit")).sendKeys("3");
        tierForm.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(browser.tierCard("Browser early bird").getText()).contains("$25.00");

        browser.find(By.xpath("//button[text()='Launch']")).click();
        browser.wait.until(ExpectedConditions.alertIsPresent()).accept();
        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("main .badge"), "active"));
        // the tier's slots appear once reservation-service has read the tier's event
        browser.reloadUntil(() -> browser.tierCard("Browser early bird").getText().contains("3 of 3 left"));

        WebElement updateForm = browser.find(By.xpath("//h3[text()='Post an update']/following-sibling::form"));
        updateForm.findElement(By.name("title")).sendKeys("We launched");
        updateForm.findElement(By.name("body")).sendKeys("Thank you for looking.");
        updateForm.findElement(By.cssSelector("button[type=submit]")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".updates"), "We launched"));
    }

    @Test
    void aBackerReservesALimitedSlotWatchesTheCountdownAndReleasesIt() {
        String compiler = seededCampaignId("A-0 compiler retro kit");
        browser.signIn(ALAN);
        browser.open("#/campaigns/" + compiler);
        int left = slotsLeft(browser.tierCard("Kit"));

        browser.tierCard("Kit").findElement(By.xpath(".//button[text()='Reserve a slot']")).click();

        WebElement countdown = browser.find(By.cssSelector("[data-tier] .countdown"));
        String first = countdown.getText();
        assertThat(first).matches(MM_SS).startsWith("1");
        browser.wait.until(d -> !countdown.getText().equals(first) && MM_SS.matcher(countdown.getText()).matches());
        browser.wait.until(d -> slotsLeft(browser.tierCard("Kit")) == left - 1);
        assertThat(browser.tierCard("Kit").getText()).contains("Slot held for you", "Pledge now");

        browser.tierCard("Kit").findElement(By.linkText("Pledge now")).click();
        browser.wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Back A-0 compiler retro kit"));
        assertThat(browser.find(By.cssSelector("form.pledge [name=amount]")).getAttribute("value")).isEqualTo("75.00");
        assertThat(browser.find(By.cssSelector(".hold .countdown")).getText()).matches(MM_SS);
        browser.screenshot("pledge-form-with-countdown");
        browser.assertAccessible("the pledge form");

        browser.find(By.id("nav-mine")).click();
        WebElement reservation = browser.find(By.cssSelector("article.reservation"));
        assertThat(reservation.getText()).contains("A-0 compiler retro kit", "Kit", "active");
        assertThat(reservation.findElement(By.cssSelector(".countdown")).getText()).matches(MM_SS);
        browser.assertAccessible("my reservations");
        reservation.findElement(By.xpath(".//button[text()='Release']")).click();

        browser.wait.until(ExpectedConditions.textToBe(By.cssSelector("article.reservation .badge"), "released"));
        browser.open("#/campaigns/" + compiler);
        assertThat(slotsLeft(browser.tierCard("Kit"))).isEqualTo(left);
        assertThat(browser.tierCard("Kit").findElements(By.xpath(".//button[text()='Reserve a slot']"))).hasSize(1);
    }

    @Test
    void aReservationThatRunsOutSaysExpiredAndTheSlotGoesBack() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 2);
        String tierId = (String) Fixtures.tier(campaign, 0).get("id");
        String alan = api.token(ALAN_SUBJECT, "backer");
        Api.Response hold = api.post("/api/v1/reservations", alan, "{\"tierId\":\"" + tierId + "\",\"ttlSeconds\":15}");
        assertThat(hold.status()).as(hold.toString()).isEqualTo(201);
        browser.signIn(ALAN);

        browser.open("#/campaigns/" + campaign.string("id"));

        WebElement countdown = browser.find(By.cssSelector("[data-tier] .countdown"));
        assertThat(countdown.getText()).matches("00:[01]\\d");
        assertThat(slotsLeft(browser.tierCard("Tier 0"))).isEqualTo(1);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-tier] .problem"),
                "Reservation expired — try again"));
        // reservation-service lapses the hold within about a second; the page hears it live
        browser.wait.until(d -> slotsLeft(browser.tierCard("Tier 0")) == 2);
        assertThat(browser.tierCard("Tier 0").findElements(By.xpath(".//button[text()='Reserve a slot']"))).hasSize(1);
    }

    @Test
    void slotsLeftChangeLiveWhenAnotherBackerHoldsOne() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 4);
        String tierId = (String) Fixtures.tier(campaign, 0).get("id");
        browser.open("#/campaigns/" + campaign.string("id"));
        assertThat(slotsLeft(browser.tierCard("Tier 0"))).isEqualTo(4);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".live-state"), "live"));

        Api.Response held = api.post("/api/v1/reservations", api.token(Fixtures.newSubject("backer"), "backer"),
                "{\"tierId\":\"" + tierId + "\"}");
        assertThat(held.status()).isEqualTo(201);

        browser.wait.until(d -> slotsLeft(browser.tierCard("Tier 0")) == 3);
    }

    @Test
    void aSoldOutTierOffersItsWaitlistAndShowsThePlaceInLineAlsoAfterAReload() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 1);
        String taken = api.post("/api/v1/reservations", api.token(Fixtures.newSubject("backer"), "backer"),
                "{\"tierId\":\"" + Fixtures.tier(campaign, 0).get("id") + "\"}").string("status");
        assertThat(taken).isEqualTo("active");
        browser.signIn("Katherine Johnson (backer)");

        browser.open("#/campaigns/" + campaign.string("id"));

        assertThat(browser.tierCard("Tier 0").getText()).contains("sold out", "0 waiting").doesNotContain("Reserve a slot");
        browser.tierCard("Tier 0").findElement(By.xpath(".//button[text()='Join waitlist']")).click();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-tier] .waitlisted"),
                "You are number 1 in line"));

        browser.driver.navigate().refresh();
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-tier] .waitlisted"),
                "You are number 1 in line"));
        browser.assertAccessible("a sold-out tier with its waitlist");
    }

    @Test
    void theCreatorsDashboardChangesLiveWhilePledgesAreRecorded() {
        String creator = api.token(ADA_SUBJECT, "creator");
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 5, null);
        String id = campaign.string("id");
        String limited = (String) Fixtures.tier(campaign, 0).get("id");
        pledges.record(id, limited, 2500, "USD", "DE");
        browser.signIn(ADA);

        browser.open("#/campaigns/" + id + "/dashboard");

        assertThat(kpi("pledge-count")).isEqualTo("1");
        assertThat(kpi("pledged-total")).isEqualTo("$25.00");
        browser.find(By.cssSelector("#velocity-chart canvas"));
        assertThat(browser.find(By.cssSelector("table.by-country")).getText()).contains("DE");
        pledges.record(id, limited, 4000, "USD", "FR");
        pledges.record(id, null, 1234, "USD", "DE");

        browser.wait.until(d -> kpi("pledge-count").equals("3"));
        browser.wait.until(d -> kpi("pledged-total").equals("$77.34"));
        assertThat(browser.find(By.cssSelector("table.by-tier")).getText()).contains("Tier 0 2 $65.00 2 of 5");
        assertThat(browser.find(By.cssSelector("table.by-country")).getText()).contains("FR");
        browser.find(By.cssSelector("#velocity-chart canvas"));
        browser.screenshot("creator-dashboard", 1500);
        browser.assertAccessible("the creator's dashboard");
    }

    @Test
    void progressOnTheCampaignPageFollowsPledgesWithoutAReload() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        String id = Fixtures.active(api, creator);
        browser.open("#/campaigns/" + id);
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".live-state"), "live"));
        Object marker = browser.js("return window.crowdfundMarker = Math.random()");

        pledges.record(id, null, 250_000, "USD", "US");

        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".campaign-progress"), "$2,500.00 of"));
        // the progress element is replaced on each pushed event: read it afresh, never hold on to it
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".campaign-progress"), "1 backer"));
        assertThat(browser.js("return window.crowdfundMarker")).as("the page was not reloaded").isEqualTo(marker);
    }

    @Test
    void moneyIsFormattedFromIntegerMinorUnitsAndTypedAmountsAreReadExactly() {
        Object result = browser.asyncJs("""
                const done = arguments[arguments.length - 1];
                import('/assets/js/money.js').then((m) => done({
                  usd: m.formatMoney(123450, 'USD', 'en-US'), jpy: m.formatMoney(800000, 'JPY', 'en-US'),
                  large: m.formatMoney(900719925474099, 'USD', 'en-US'), cents: m.formatMoney(5, 'EUR', 'en-US'),
                  typed: m.parseMoney('1,250.50', 'USD'), tooPrecise: m.parseMoney('0.105', 'USD'),
                  yen: m.parseMoney('1500', 'JPY'), yenDecimals: m.parseMoney('15.5', 'JPY'), floaty: m.parseMoney('0.29', 'USD'),
                  percent: m.percentOf(4999, 10000) }));
                """);
        Map<String, Object> m = Browser.map(result);

        assertThat(m).containsEntry("usd", "$1,234.50").containsEntry("jpy", "¥800,000")
                .containsEntry("large", "$9,007,199,254,740.99").containsEntry("cents", "€0.05")
                .containsEntry("typed", 125050L).containsEntry("tooPrecise", null).containsEntry("yen", 1500L)
                .containsEntry("yenDecimals", null).containsEntry("floaty", 29L).containsEntry("percent", 49L);
    }

    private List<String> cardTitles() {
        browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.card h3 a")));
        return browser.driver.findElements(By.cssSelector("article.card h3 a")).stream().map(WebElement::getText).toList();
    }

    private WebElement card(String title) {
        return browser.find(By.xpath("//article[contains(@class,'card')][.//h3/a[text()='" + title + "']]"));
    }

    private String kpi(String key) {
        return browser.find(By.cssSelector("[data-kpi='" + key + "'] strong")).getText();
    }

    private static int slotsLeft(WebElement tier) {
        Matcher m = SLOTS_LEFT.matcher(tier.getText());
        assertThat(m.find()).as("slots left in: " + tier.getText()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The id of a seeded campaign, once reservation-service counts its limited tiers' slots. */
    private String seededCampaignId(String title) {
        Api.Response list = api.get("/api/v1/campaigns?status=active&pageSize=100");
        String id = list.list("campaigns").stream().filter(c -> title.equals(c.get("title"))).map(c -> (String) c.get("id"))
                .findFirst().orElseThrow(() -> new AssertionError("not seeded: " + title));
        Fixtures.awaitSlotsKnown(api, id);
        return id;
    }

    /** Runs the demo seeding script against the test gateway, as ./crowdfund up does against the local one (once per JVM). */
    static synchronized void seedDemoData(Api api) {
        if (seeded) {
            return;
        }
        Path root = ServiceProcess.repositoryRoot();
        try {
            Path ids = Files.createTempFile("crowdfund-demo-ids", ".txt");
            Path log = Files.createTempFile("crowdfund-seed", ".log");
            ProcessBuilder seed = new ProcessBuilder("bash", root.resolve("scripts/seed-demo.sh").toString(),
                    api.uri("/").toString().replaceAll("/$", "")).redirectErrorStream(true).redirectOutput(log.toFile());
            seed.environment().put("SEED_IDS_FILE", ids.toString());
            Process process = seed.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("seeding finished in time").isTrue();
            assertThat(process.exitValue()).as("scripts/seed-demo.sh failed:\n" + Files.readString(log)).isZero();
            seeded = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean seeded;
}
