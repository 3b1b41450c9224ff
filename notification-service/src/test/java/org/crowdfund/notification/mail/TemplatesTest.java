package org.crowdfund.notification.mail;

import org.crowdfund.notification.domain.NotificationType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocks are rendered once per distinct values they read: what differs per recipient still differs. */
class TemplatesTest {
    private final Templates templates = new Templates();

    @Test
    void aBlockReusedForAnotherRecipientNeverCarriesTheFirstRecipientsValues() {
        Map<String, String> ann = model("Ann", "$50.00");
        Map<String, String> bob = model("Bob", "$75.00");

        Templates.Email toAnn = templates.email(NotificationType.CAMPAIGN_FUNDED, ann, "https://x/u?a", "https://x/p");
        Templates.Email toBob = templates.email(NotificationType.CAMPAIGN_FUNDED, bob, "https://x/u?b", "https://x/p");

        assertThat(toAnn.text()).contains("Ann").contains("$50.00").contains("https://x/u?a").doesNotContain("$75.00");
        assertThat(toBob.text()).contains("Bob").contains("$75.00").contains("https://x/u?b").doesNotContain("$50.00");
        assertThat(toBob.html()).contains("$75.00").doesNotContain("$50.00");
        assertThat(templates.headline(NotificationType.CAMPAIGN_FUNDED, bob).summary()).contains("$75.00");
        assertThat(templates.headline(NotificationType.CAMPAIGN_FUNDED, ann).summary()).contains("$50.00");
    }

    @Test
    void aMilestonesTextIsTheSameForEveryBackerButTheGreetingIsTheirs() {
        Map<String, String> ann = milestone("Ann", "$5,000.00");
        Map<String, String> bob = milestone("Bob", "$5,000.00");
        Map<String, String> later = milestone("Cy", "$6,000.00");

        assertThat(templates.headline(NotificationType.MILESTONE_REACHED, ann))
                .isEqualTo(templates.headline(NotificationType.MILESTONE_REACHED, bob));
        assertThat(templates.headline(NotificationType.MILESTONE_REACHED, later).summary()).contains("$6,000.00");
        assertThat(templates.email(NotificationType.MILESTONE_REACHED, ann, null, "https://x/p").text()).contains("Hello Ann,");
        assertThat(templates.email(NotificationType.MILESTONE_REACHED, bob, null, "https://x/p").text()).contains("Hello Bob,")
                .doesNotContain("Ann");
    }

    private static Map<String, String> model(String name, String amount) {
        Map<String, String> m = new HashMap<>();
        m.put("name", name);
        m.put("campaignTitle", "Kettle");
        m.put("amount", amount);
        m.put("tiers", "Early bird");
        m.put("estimatedDelivery", "2027-04");
        m.put("outcome", "funded");
        m.put("link", "https://x/c");
        return m;
    }

    private static Map<String, String> milestone(String name, String pledged) {
        Map<String, String> m = new HashMap<>();
        m.put("name", name);
        m.put("campaignTitle", "Kettle");
        m.put("percent", "50");
        m.put("pledged", pledged);
        m.put("goal", "$10,000.00");
        m.put("link", "https://x/c");
        return m;
    }
}
