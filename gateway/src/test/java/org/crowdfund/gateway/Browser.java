package org.crowdfund.gateway;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One headless Chromium (Debian's, through Debian's chromedriver, so Selenium Manager never
 * downloads anything) with its own fresh profile, pointed at a gateway: what the browser tests
 * drive. Screenshots go to target/screenshots; {@link #assertAccessible} runs axe-core (vendored
 * in src/test/resources/axe) on the current view.
 */
final class Browser implements AutoCloseable {

    /** For a test class's {@code @RegisterExtension}: a failed test leaves a screenshot and what the page showed and logged. */
    static TestWatcher failureDiagnostics(Supplier<Browser> current) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                Browser browser = current.get();
                if (browser != null) {
                    browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
                    System.err.println(context.getDisplayName() + " failed; the browser showed:\n" + browser.diagnostics());
                }
            }
        };
    }
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "the browser test needs Debian's chromium and chromedriver (" + CHROMIUM + ", " + CHROMEDRIVER
            + "); install them with: sudo apt-get install -y chromium chromium-driver (./crowdfund test does this)";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String AXE = resource("/axe/axe.min.js");

    final WebDriver driver;
    final WebDriverWait wait;
    private final URI base;
    private final Path profile;
    private final ChromeDriverService service;

    Browser(URI base) {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)).as(INSTALL).isTrue();
        this.base = base;
        try {
            profile = Files.createTempDirectory("crowdfund-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--force-device-scale-factor=1", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100));
        // live updates replace parts of the view while a test waits on them
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** Opens a route of the page (a hash such as {@code #/campaigns/ID}) and waits until its view is shown. */
    void open(String hash) {
        driver.get(base.resolve("/" + hash).toString());
        awaitView(hash);
    }

    /** Waits until the router has shown the view of the current route. */
    void awaitView() {
        wait.until(d -> {
            Object shown = js("const v = document.getElementById('view'); "
                    + "return v && v.dataset.route === (location.hash || '#/') && v.querySelector('h1') != null");
            return Boolean.TRUE.equals(shown);
        });
    }

    /** Waits until the router has shown the view of {@code hash}. */
    void awaitView(String hash) {
        wait.until(d -> hash.equals(js("return location.hash || '#/'")));
        awaitView();
    }

    /** What the browser's console said since last asked (Chromium reports what the Content-Security-Policy blocked there). */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString).toList();
    }

    /** What the page shows and what its console said: for the report of a failed test. */
    String diagnostics() {
        StringBuilder out = new StringBuilder("URL: ").append(driver.getCurrentUrl()).append("\nPage:\n")
                .append(js("return document.body.innerText"));
        out.append("\nConsole:\n");
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> out.append(entry).append('\n'));
        return out.toString();
    }

    /** Forgets the session: every test starts signed out. */
    void signOut() {
        open("#/");
        js("localStorage.clear(); sessionStorage.clear()");
        driver.navigate().refresh();
        awaitView();
    }

    /**
     * Signs in with a token of any subject (the picker offers only the demo users), kept where the
     * page keeps a picked one; the page reads it on load.
     */
    void signInWithToken(String token) {
        js("localStorage.setItem('crowdfund.token', arguments[0])", token);
        driver.navigate().refresh();
        awaitView();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[@id='session']//button[text()='Sign out']")));
    }

    void signIn(String name) {
        WebElement picker = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#session select")));
        Object before = js("return document.getElementById('view').dataset.render");
        new Select(picker).selectByVisibleText(name);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session"), name));
        // signing in shows the view again, as the signed-in person sees it
        wait.until(d -> !java.util.Objects.equals(before, js("return document.getElementById('view').dataset.render")));
        awaitView();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The card of a tier on a campaign page, by its title. */
    WebElement tierCard(String title) {
        return find(By.xpath("//article[contains(concat(' ', @class, ' '), ' tier ')][.//strong[text()='" + title + "']]"));
    }

    void setValue(WebElement input, String value) {
        js("arguments[0].value = arguments[1]", input, value);
    }

    /** Reloads until the condition holds, for state that reaches the page only on a fresh read. */
    void reloadUntil(BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(500)).until(d -> {
            if (condition.getAsBoolean()) {
                return true;
            }
            d.navigate().refresh();
            awaitView();
            return false;
        });
    }

    /** A screenshot of a taller window, for a view longer than one screen. */
    Path screenshot(String name, int height) {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), height));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Saves what the browser shows as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe-core on the current view and fails on any violation of serious or critical impact,
     * naming the rule and the elements.
     */
    void assertAccessible(String view) {
        js(AXE);
        Object result = asyncJs("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')}`)))
                  .catch((e) => done(['axe failed: ' + e]));
                """);
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) result;
        assertThat(violations).as("serious or critical accessibility violations on " + view).isEmpty();
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Browser.class.getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Map of a JSON-ish script result, for asserting values computed in the page. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object result) {
        return (Map<String, Object>) result;
    }
}
