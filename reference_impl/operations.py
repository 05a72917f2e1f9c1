"""Every operation of the contract: path, method, body kind and how it resolves customers."""

from __future__ import annotations

from reference_impl.pipeline import OpSpec
from reference_impl.resolve import Rules
from reference_impl.routes import (
    change_request,
    customers,
    engagement,
    history,
    loyalty,
    media,
    profile,
    registration,
    schedules,
    service,
    subscriptions,
)

L = "/v2/customers/lookup"
READ = Rules(write=False)
WRITE = Rules(write=True)
LOYALTY_READ = Rules(write=False, not_loyalty=8089)
REFERRAL_READ = Rules(write=False, not_loyalty=1020)
REFERRAL_WRITE = Rules(write=True, not_loyalty=1020)
TRANSACTIONS = Rules(write=False, not_found=816, wrong_source=1011, not_loyalty=1013)

OPERATIONS = (
    OpSpec(
        "registerCustomer",
        "POST",
        "/v2/customers",
        registration.registerCustomer,
        WRITE,
        body="json",
        lookup=False,
    ),
    OpSpec("getCustomerByLookup", "GET", L, customers.getCustomerByLookup, READ),
    OpSpec("updateCustomerByLookup", "PUT", L, profile.updateCustomerByLookup, WRITE, body="json"),
    OpSpec(
        "getCustomerDetailsByLookup",
        "GET",
        f"{L}/customerDetails",
        customers.getCustomerDetailsByLookup,
        READ,
    ),
    OpSpec(
        "updateCustomerStatusByLookup",
        "PUT",
        f"{L}/status",
        customers.updateCustomerStatusByLookup,
        WRITE,
        body="json",
    ),
    OpSpec(
        "getSubscriptionsByLookup",
        "GET",
        f"{L}/subscriptions",
        subscriptions.getSubscriptionsByLookup,
        READ,
    ),
    OpSpec(
        "updateSubscriptionsByLookup",
        "POST",
        f"{L}/subscriptions",
        subscriptions.updateSubscriptionsByLookup,
        WRITE,
        body="json",
    ),
    OpSpec(
        "getLoyaltyDetailsByLookup",
        "GET",
        f"{L}/loyaltyDetails",
        loyalty.getLoyaltyDetailsByLookup,
        LOYALTY_READ,
    ),
    OpSpec(
        "getRetroRequestsByLookup",
        "GET",
        f"{L}/retroRequest",
        history.getRetroRequestsByLookup,
        READ,
    ),
    OpSpec(
        "getReferralsByLookup",
        "GET",
        f"{L}/referrals",
        engagement.getReferralsByLookup,
        REFERRAL_READ,
    ),
    OpSpec(
        "getRecommendationsByLookup",
        "GET",
        f"{L}/recommendations",
        engagement.getRecommendationsByLookup,
        READ,
    ),
    OpSpec(
        "getPointsBalanceByLookup",
        "GET",
        f"{L}/points/balance",
        loyalty.getPointsBalanceByLookup,
        LOYALTY_READ,
    ),
    OpSpec(
        "getTierDetailsByLookup",
        "GET",
        f"{L}/tierDetails",
        loyalty.getTierDetailsByLookup,
        LOYALTY_READ,
    ),
    OpSpec(
        "getPromisedPointsScheduleByLookup",
        "GET",
        f"{L}/promisedPointsSchedule",
        schedules.getPromisedPointsScheduleByLookup,
        LOYALTY_READ,
    ),
    OpSpec(
        "getPointsExpiryScheduleByLookup",
        "GET",
        f"{L}/pointsExpirySchedule",
        schedules.getPointsExpiryScheduleByLookup,
        LOYALTY_READ,
        allow_lists=False,
    ),
    OpSpec(
        "getTransactionsByLookup",
        "GET",
        f"{L}/transactions",
        history.getTransactionsByLookup,
        TRANSACTIONS,
    ),
    OpSpec(
        "setImageByLookup", "POST", f"{L}/setImage", media.setImageByLookup, WRITE, body="multipart"
    ),
    OpSpec("getNotesByLookup", "GET", f"{L}/notes", service.getNotesByLookup, READ),
    OpSpec(
        "updateNotesByLookup", "PUT", f"{L}/notes", service.updateNotesByLookup, WRITE, body="json"
    ),
    OpSpec(
        "getPreferencesByLookup", "GET", f"{L}/preferences", service.getPreferencesByLookup, READ
    ),
    OpSpec(
        "updatePreferencesByLookup",
        "PUT",
        f"{L}/preferences",
        service.updatePreferencesByLookup,
        WRITE,
        body="json",
    ),
    OpSpec("getTicketsByLookup", "GET", f"{L}/tickets", service.getTicketsByLookup, READ),
    OpSpec(
        "addTicketByLookup", "POST", f"{L}/tickets", service.addTicketByLookup, WRITE, body="json"
    ),
    OpSpec("getCouponsByLookup", "GET", f"{L}/coupons", engagement.getCouponsByLookup, READ),
    OpSpec(
        "requestCustomerIdChangeByLookup",
        "POST",
        f"{L}/changeRequest",
        change_request.requestCustomerIdChangeByLookup,
        WRITE,
        body="json",
    ),
    OpSpec(
        "inviteReferralsByLookup",
        "POST",
        f"{L}/referrals/invite",
        engagement.inviteReferralsByLookup,
        REFERRAL_WRITE,
        body="json",
    ),
)
