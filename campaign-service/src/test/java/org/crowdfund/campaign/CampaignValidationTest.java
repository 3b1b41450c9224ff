package org.crowdfund.campaign;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.proto.campaign.v1.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.crowdfund.campaign.CampaignApi.*;

/** Bad input is refused with the field and the reason, and writes nothing. */
class CampaignValidationTest {

    static Stream<Arguments> badCampaigns() {
        return Stream.of(
                bad("title", "missing title", b -> b.clearTitle()),
                bad("title", "blank title", b -> b.setTitle("   ")),
                bad("title", "title too long", b -> b.setTitle("x".repeat(121))),
                bad("funding_model", "no funding model", b -> b.clearFundingModel()),
                bad("currency", "no currency", b -> b.clearCurrency()),
                bad("currency", "unknown currency", b -> b.setCurrency("XYZ")),
                bad("currency", "lowercase currency", b -> b.setCurrency("usd")),
                bad("goal_minor", "zero goal", b -> b.setGoalMinor(0)),
                bad("goal_minor", "negative goal", b -> b.setGoalMinor(-100)),
                bad("goal_minor", "goal above the maximum", b -> b.setGoalMinor(10_000_000_001L)),
                bad("end_at", "end in the past", b -> b.setEndAt(ts(now().minus(Duration.ofDays(1))))),
                bad("end_at", "end sooner than a day", b -> b.setEndAt(ts(now().plus(Duration.ofHours(2))))),
                bad("end_at", "end beyond 60 days", b -> b.setEndAt(ts(now().plus(Duration.ofDays(61))))),
                bad("pledge_cutoff_hours", "negative cutoff", b -> b.setPledgeCutoffHours(-1)),
                bad("pledge_cutoff_hours", "cutoff already passed", b -> b.setEndAt(ts(now().plus(Duration.ofHours(30))))),
                bad("reservation_ttl_minutes", "reservation ttl too short", b -> b.setReservationTtlMinutes(1)),
                bad("reservation_ttl_minutes", "reservation ttl too long", b -> b.setReservationTtlMinutes(600)),
                bad("request_id", "request id too long", b -> b.setRequestId("r".repeat(101))));
    }

    private static Arguments bad(String field, String why, UnaryOperator<CreateCampaignRequest.Builder> change) {
        return Arguments.of(field, why, change);
    }

    @ParameterizedTest(name = "{1} is refused on {0}")
    @MethodSource("badCampaigns")
    void aBadCampaignIsRefusedNamingTheFieldAndNothingIsStored(String field, String why,
                                                                UnaryOperator<CreateCampaignRequest.Builder> change) {
        Principal creator = newCreator();
        StatusRuntimeException e = refused(() -> as(creator).createCampaign(change.apply(validCampaign()).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(reason(e)).isEqualTo("VALIDATION_FAILED");
        assertThat(badFields(e)).contains(field);
        assertThat(e.getStatus().getDescription()).contains(field);
        assertThat(as(creator).listCampaigns(ListCampaignsRequest.newBuilder().setCreatorId(creator.subject()).build())
                .getCampaignsList()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        StatusRuntimeException e = refused(() -> as(newCreator()).createCampaign(CreateCampaignRequest.newBuilder().build()));
        assertThat(badFields(e)).contains("title", "funding_model", "currency", "goal_minor");
    }

    static Stream<Arguments> badTiers() {
        return Stream.of(
                Arguments.of("title", "blank title", (UnaryOperator<AddTierRequest.Builder>) b -> b.setTitle(" ")),
                Arguments.of("min_pledge_minor", "zero minimum", (UnaryOperator<AddTierRequest.Builder>) b -> b.setMinPledgeMinor(0)),
                Arguments.of("min_pledge_minor", "negative minimum", (UnaryOperator<AddTierRequest.Builder>) b -> b.setMinPledgeMinor(-5)),
                Arguments.of("min_pledge_minor", "minimum above the provider's limit",
                        (UnaryOperator<AddTierRequest.Builder>) b -> b.setMinPledgeMinor(100_000_000)),
                Arguments.of("quantity_limit", "zero limit", (UnaryOperator<AddTierRequest.Builder>) b -> b.setQuantityLimit(0)),
                Arguments.of("quantity_limit", "negative limit", (UnaryOperator<AddTierRequest.Builder>) b -> b.setQuantityLimit(-3)),
                Arguments.of("estimated_delivery", "not a date",
                        (UnaryOperator<AddTierRequest.Builder>) b -> b.setEstimatedDelivery("next spring")));
    }

    @ParameterizedTest(name = "{1} is refused on {0}")
    @MethodSource("badTiers")
    void aBadTierIsRefusedAndNotAdded(String field, String why, UnaryOperator<AddTierRequest.Builder> change) {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        AddTierRequest.Builder tier = AddTierRequest.newBuilder().setCampaignId(draft.getId()).setTitle("Early bird")
                .setMinPledgeMinor(1_000);
        StatusRuntimeException e = refused(() -> as(creator).addTier(change.apply(tier).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(badFields(e)).contains(field);
        assertThat(get(creator, draft.getId()).getTiersList()).isEmpty();
    }

    @Test
    void anInvalidEditLeavesTheDraftAsItWas() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        var e = refused(() -> as(creator).updateCampaign(UpdateCampaignRequest.newBuilder().setCampaignId(draft.getId())
                .setTitle("New title").setGoalMinor(-1).build()));
        assertThat(badFields(e)).containsExactly("goal_minor");
        Campaign after = get(creator, draft.getId());
        assertThat(after.getTitle()).isEqualTo(draft.getTitle());
        assertThat(after.getVersion()).isEqualTo(draft.getVersion());
    }

    @Test
    void aTierCannotBothSetAndClearItsLimit() {
        Principal creator = newCreator();
        Campaign draft = createDraft(creator);
        Tier tier = addTier(creator, draft, 1_000, 10);
        var e = refused(() -> as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(tier.getId())
                .setQuantityLimit(5).setClearQuantityLimit(true).build()));
        assertThat(badFields(e)).containsExactly("quantity_limit");
        Tier unlimited = as(creator).updateTier(UpdateTierRequest.newBuilder().setTierId(tier.getId())
                .setClearQuantityLimit(true).build()).getTier();
        assertThat(unlimited.hasQuantityLimit()).isFalse();
    }
}
