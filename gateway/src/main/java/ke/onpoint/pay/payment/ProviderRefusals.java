package ke.onpoint.pay.payment;

import java.util.List;

import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;

/** What the merchant is told when a provider refuses to start a payment. The payment exists and is failed. */
final class ProviderRefusals {

    private ProviderRefusals() {}

    static ApiProblem problem(Payment payment, InitiationOutcome.Rejected rejected) {
        ApiProblem problem = switch (rejected.reason()) {
            case INVALID_PHONE ->
                new ApiProblem(
                        422,
                        "provider-rejected-phone",
                        "The phone number cannot be charged",
                        "The provider refused the phone number: " + rejected.message(),
                        List.of(new FieldError("phone", "refused by the provider: " + rejected.message())));
            case THROTTLED ->
                ApiProblem.unavailable(
                        "provider-busy",
                        "The provider is busy",
                        "The provider is limiting requests; retry with a new reference shortly",
                        5);
            case UNAVAILABLE ->
                ApiProblem.unavailable(
                        "provider-unavailable",
                        "The provider is unavailable",
                        rejected.message() + "; retry with a new reference later",
                        30);
            case DECLINED ->
                new ApiProblem(
                        502,
                        "provider-declined",
                        "The provider declined the payment",
                        "The provider declined the request: " + rejected.message(),
                        null);
        };
        return problem.with("reference", payment.reference())
                .with("payment_status", payment.status())
                .with("failure_code", rejected.code());
    }
}
