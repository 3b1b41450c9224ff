package org.crowdfund.gateway;

import org.crowdfund.testsupport.TestInfra;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the page takes to become interactive on a big campaign: 20 tiers (10 limited, with
 * live slot counts) and 10,000 backers, in headless Chromium against the real services. Logs the
 * figures (target/benchmarks/page-interactive.txt), asserts nothing about speed. Run on request:
 * <pre>mvn -B -pl gateway -am test -Dgroups=benchmark -DexcludedGroups= -Dtest=PageInteractiveBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("benchmark")
class PageInteractiveBenchmark {
    private static final int TIERS = 20;
    private static final int BACKERS = 10_000;
    private static final int LOADS = 15;
    private static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP", "SE", "NL", "CA", "AU", "BR"};

    @Test
    void aCampaignWithTwentyTiersAndTenThousandBackers() throws Exception {
        Api api = GatewayHarness.api();
        String creator = api.token(WebPageInBrowserTest.ADA_SUBJECT, "creator");
        Integer[] limits = new Integer[TIERS];
        for (int i = 0; i < TIERS; i++) {
            limits[i] = i % 2 == 0 ? 100_000 : null;
        }
        Api.Response campaign = Fixtures.activeWithTiers(api, creator, limits);
        String id = campaign.string("id");
        List<String> tierIds = campaign.list("tiers").stream().map(t -> (String) t.get("id")).toList();
        long recordStart = System.nanoTime();
        try (PledgeRecorder recorder = new PledgeRecorder()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < BACKERS; i++) {
                int n = i;
                done.add(pool.submit(() -> recorder.record(id, tierIds.get(n % TIERS), 1500 + n % 7, "USD", COUNTRIES[n % COUNTRIES.length])));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
        }
        double recordSeconds = (System.nanoTime() - recordStart) / 1e9;
        assertThat(api.get("/api/v1/campaigns/" + id).number("backerCount")).isEqualTo(BACKERS);

        List<Double> firstView = new ArrayList<>();
        List<Double> campaignViews = new ArrayList<>();
        List<Double> domInteractive = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        List<Double> dashboards = new ArrayList<>();
        try (Browser browser = new Browser(api.uri("/"))) {
            for (int i = 0; i < LOADS; i++) {
                browser.driver.get(api.uri("/#/campaigns/" + id).toString());
                browser.awaitView("#/campaigns/" + id);
                // interactive = the content shown and the live indicator on (the event stream open)
                browser.wait.until(d -> "· live".equals(browser.js("return document.querySelector('.live-state')?.textContent")));
                Map<String, Object> t = Browser.map(browser.js("""
                        const nav = performance.getEntriesByType('navigation')[0];
                        const shown = performance.getEntriesByName('crowdfund:view-shown').pop();
                        const live = performance.getEntriesByName('crowdfund:live').pop();
                        return { interactive: nav.domInteractive, shown: shown.startTime, live: live.startTime };
                        """));
                (i == 0 ? firstView : campaignViews).add(((Number) t.get("shown")).doubleValue());
                domInteractive.add(((Number) t.get("interactive")).doubleValue());
                live.add(Math.max(((Number) t.get("shown")).doubleValue(), ((Number) t.get("live")).doubleValue()));
                browser.driver.navigate().refresh();
            }
            browser.signIn(WebPageInBrowserTest.ADA);
            for (int i = 0; i < 5; i++) {
                browser.driver.get(api.uri("/#/campaigns/" + id + "/dashboard").toString());
                browser.driver.navigate().refresh();
                browser.awaitView("#/campaigns/" + id + "/dashboard");
                browser.wait.until(d -> browser.js("return performance.getEntriesByName('crowdfund:chart-drawn').length") instanceof Number n
                        && n.intValue() > 0);
                dashboards.add(((Number) browser.js("return performance.getEntriesByName('crowdfund:chart-drawn').pop().startTime")).doubleValue());
            }
        }
        String report = String.format("""
                        campaign %s: %d tiers (%d limited), %d backers recorded in %.1f s
                        campaign page, fresh profile (first load, nothing cached): view shown at %.0f ms after navigation start
                        campaign page, reloads (n=%d): view shown median %.0f ms, p90 %.0f ms; DOM interactive median %.0f ms
                        campaign page, all %d loads: content shown and live indicator on (event stream open) median %.0f ms, p90 %.0f ms, max %.0f ms
                        creator dashboard (n=%d): chart drawn median %.0f ms, max %.0f ms
                        """, id, TIERS, TIERS / 2, BACKERS, recordSeconds, firstView.get(0), campaignViews.size(),
                percentile(campaignViews, 50), percentile(campaignViews, 90), percentile(domInteractive, 50),
                live.size(), percentile(live, 50), percentile(live, 90), percentile(live, 100), dashboards.size(),
                percentile(dashboards, 50), percentile(dashboards, 100));
        System.out.println(report);
        Path out = Path.of("target", "benchmarks", "page-interactive.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report + "run " + TestInfra.shortId() + "\n");
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
