package org.crowdfund.gateway;

import org.crowdfund.testsupport.ServiceProcess;
import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page in a real browser (Debian's headless Chromium through chromedriver), against the
 * gateway and the real campaign- and reservation-service, with the demo data of
 * scripts/seed-demo.sh: what a visitor, a creator and a backer see and do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageInBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "the browser test needs Debian's chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER
            + "); install them with: sudo apt-get install -y chromium chromium-driver (./crowdfund test does this)";
    private static final Pattern SLOTS_LEFT = Pattern.compile("(\\d+) of (\\d+) left");
    private static final Pattern MM_SS = Pattern.compile("\\d\\d:\\d\\d");

    private Api api;
    private URI base;
    private Path profile;
    private ChromeDriverService service;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)).as(INSTALL).isTrue();
        api = GatewayHarness.api();
        base = api.uri("/");
        seedDemoData();
        profile = Files.createTempDirectory("crowdfund-chromium");
        // the driver is named explicitly, so Selenium Manager never looks for (or downloads) one
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        // the browser's console, where Chromium reports what the Content-Security-Policy blocked
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(100));
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every test starts signed out, on the campaign list. */
    @BeforeEach
    void signedOut() {
        open("#/");
        ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
        // the same URL again would only be a hash change: reload so the page forgets the session
        browser.navigate().refresh();
    }

    @Test
    void theListShowsTheSeededCampaignsWithTheirProgress() {
        WebElement engine = card("Analytical Engine desk model");

        assertThat(cardTitles()).contains("Notes on the Note G algorithm (book)", "A-0 compiler retro kit")
                .doesNotContain("The first bug: framed moth replica", "COBOL style guide poster");
        assertThat(engine.findElements(By.cssSelector(".progress > span"))).hasSize(1);
        assertThat(engine.findElement(By.cssSelector(".meta")).getText()).contains("of", "0 %", "backers", "left");
        assertThat(engine.findElement(By.cssSelector(".badge")).getText()).isEqualTo("active");
    }

    @Test
    void thePageAndTheApiDocsWorkUnderTheContentSecurityPolicy() {
        WebElement bar = card("Analytical Engine desk model").findElement(By.cssSelector(".progress > span"));
        assertThat(bar.getCssValue("width")).as("the progress bar is sized through the CSSOM").isNotEqualTo("auto");
        assertThat(bar.getAttribute("style")).contains("width");

        browser.get(base.resolve("/docs/").toString());
        wait.until(d -> !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty());
        wait.until(d -> !d.findElements(By.cssSelector(".swagger-ui .opblock")).isEmpty());

        assertThat(browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
                .as("nothing the pages need is blocked").noneMatch(e -> e.getMessage().contains("Content Security Policy"));
    }

    @Test
    void aCampaignPageShowsItsTiersWithSlotsLeft() {
        String engine = seededCampaignId("Analytical Engine desk model");

        open("#/campaigns/" + engine);

        assertThat(tierCard("Signed edition").getText()).contains("10 of 10 left");
        assertThat(tierCard("Early bird").getText()).containsPattern(SLOTS_LEFT.pattern()).contains("of 25 left");
        assertThat(tierCard("Desk model").getText()).contains("unlimited", "No reservation needed");
        assertThat(tierCard("Early bird").getText()).contains("Sign in to reserve a slot");
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Pledging opens in a coming release");
    }

    @Test
    void aSignedInCreatorCreatesACampaignAddsATierAndLaunchesIt() {
        String title = "Browser kettle " + TestInfra.shortId();
        signIn("Ada Lovelace (creator)");

        browser.findElement(By.id("nav-new")).click();
        WebElement form = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("form.stack")));
        form.findElement(By.name("title")).sendKeys(title);
        form.findElement(By.name("description")).sendKeys("Boils water with sunlight.");
        new Select(form.findElement(By.name("currency"))).selectByVisibleText("USD");
        form.findElement(By.name("goal")).sendKeys("1500");
        setValue(form.findElement(By.name("end")), LocalDate.now(ZoneOffset.UTC).plusDays(30).toString());
        form.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), title));
        assertThat(browser.findElement(By.cssSelector("main .badge")).getText()).isEqualTo("draft");
        WebElement tierForm = browser.findElement(By.xpath("//h3[text()='Add a reward tier']/following-sibling::form"));
        tierForm.findElement(By.name("title")).sendKeys("Browser early bird");
        tierForm.findElement(By.name("min")).sendKeys("25");
        tierForm.findElement(By.name("limit")).sendKeys("3");
        tierForm.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(tierCard("Browser early bird").getText()).contains("$25.00");

        browser.findElement(By.xpath("//button[text()='Launch']")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("main .badge"), "active"));
        // the tier's slots appear once reservation-service has read the tier's event
        reloadUntil(() -> tierCard("Browser early bird").getText().contains("3 of 3 left"));
    }

    @Test
    void aBackerReservesALimitedSlotWatchesTheCountdownAndReleasesIt() {
        String compiler = seededCampaignId("A-0 compiler retro kit");
        signIn("Alan Turing (backer)");
        open("#/campaigns/" + compiler);
        int left = slotsLeft(tierCard("Kit"));

        tierCard("Kit").findElement(By.xpath(".//button[text()='Reserve a slot']")).click();

        WebElement countdown = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'tier')][.//strong[text()='Kit']]//span[contains(@class,'countdown')]")));
        String first = countdown.getText();
        assertThat(first).matches(MM_SS).startsWith("1");
        wait.until(d -> !countdown.getText().equals(first) && MM_SS.matcher(countdown.getText()).matches());
        assertThat(slotsLeft(tierCard("Kit"))).isEqualTo(left - 1);
        assertThat(tierCard("Kit").getText()).contains("Slot held for you", "Pledging opens in a coming release");

        browser.findElement(By.id("nav-mine")).click();
        WebElement reservation = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article.reservation")));
        assertThat(reservation.getText()).contains("A-0 compiler retro kit", "Kit", "active");
        assertThat(reservation.findElement(By.cssSelector(".countdown")).getText()).matches(MM_SS);
        reservation.findElement(By.xpath(".//button[text()='Release']")).click();

        wait.until(ExpectedConditions.textToBe(By.cssSelector("article.reservation .badge"), "released"));
        open("#/campaigns/" + compiler);
        assertThat(slotsLeft(tierCard("Kit"))).isEqualTo(left);
        assertThat(tierCard("Kit").findElements(By.xpath(".//button[text()='Reserve a slot']"))).hasSize(1);
    }

    @Test
    void aSoldOutTierOffersItsWaitlistAndShowsThePlaceInLine() {
        String creator = api.token(Fixtures.newSubject("creator"), "creator");
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, 1);
        String taken = api.post("/api/v1/reservations", api.token(Fixtures.newSubject("backer"), "backer"),
                "{\"tierId\":\"" + Fixtures.tier(campaign, 0).get("id") + "\"}").string("status");
        assertThat(taken).isEqualTo("active");
        signIn("Katherine Johnson (backer)");

        open("#/campaigns/" + campaign.string("id"));

        assertThat(tierCard("Tier 0").getText()).contains("sold out", "0 waiting").doesNotContain("Reserve a slot");
        tierCard("Tier 0").findElement(By.xpath(".//button[text()='Join waitlist']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-tier] .waitlisted"), "You are number 1 in line"));
    }

    private void open(String hash) {
        browser.get(base.resolve("/" + hash).toString());
    }

    private void signIn(String name) {
        WebElement picker = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#session select")));
        new Select(picker).selectByVisibleText(name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session"), name));
    }

    private List<String> cardTitles() {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.card h3 a")));
        return browser.findElements(By.cssSelector("article.card h3 a")).stream().map(WebElement::getText).toList();
    }

    private WebElement card(String title) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//article[contains(@class,'card')][.//h3/a[text()='" + title + "']]")));
    }

    private WebElement tierCard(String title) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[contains(@class,'tier')][.//strong[text()='" + title + "']]")));
    }

    private static int slotsLeft(WebElement tier) {
        Matcher m = SLOTS_LEFT.matcher(tier.getText());
        assertThat(m.find()).as("slots left in: " + tier.getText()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private void setValue(WebElement input, String value) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", input, value);
    }

    private void reloadUntil(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(500)).until(d -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
    }

    /** The id of a seeded campaign, once reservation-service counts its limited tiers' slots. */
    private String seededCampaignId(String title) {
        Api.Response list = api.get("/api/v1/campaigns?status=active&pageSize=100");
        String id = list.list("campaigns").stream().filter(c -> title.equals(c.get("title"))).map(c -> (String) c.get("id"))
                .findFirst().orElseThrow(() -> new AssertionError("not seeded: " + title));
        Fixtures.awaitSlotsKnown(api, id);
        return id;
    }

    /** Runs the demo seeding script against the test gateway, as ./crowdfund up does against the local one. */
    private void seedDemoData() throws IOException {
        Path root = ServiceProcess.repositoryRoot();
        Path ids = Files.createTempFile("crowdfund-demo-ids", ".txt");
        Path log = Files.createTempFile("crowdfund-seed", ".log");
        ProcessBuilder seed = new ProcessBuilder("bash", root.resolve("scripts/seed-demo.sh").toString(),
                base.toString().replaceAll("/$", "")).redirectErrorStream(true).redirectOutput(log.toFile());
        seed.environment().putAll(Map.of("SEED_IDS_FILE", ids.toString()));
        try {
            Process process = seed.start();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("seeding finished in time").isTrue();
            assertThat(process.exitValue()).as("scripts/seed-demo.sh failed:\n" + Files.readString(log)).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
