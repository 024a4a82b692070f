package ke.onpoint.simulator.daraja;

import java.util.Map;

/** The ResultDesc texts Daraja sends with each STK ResultCode (reference §1.4), as integrators have captured them. */
final class StkResultCodes {

    static final int SUCCESS = 0;

    private static final Map<Integer, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(0, "The service request is processed successfully."),
            Map.entry(1, "The balance is insufficient for the transaction."),
            Map.entry(2, "Declined due to limit rule: less than the minimum transaction amount."),
            Map.entry(3, "Declined due to limit rule: greater than the maximum transaction amount."),
            Map.entry(4, "Declined due to limit rule: would exceed daily transfer limit."),
            Map.entry(8, "Declined due to limit rule: would exceed the maximum balance."),
            Map.entry(17, "Rule limited."),
            Map.entry(26, "System busy. The service request is rejected."),
            Map.entry(
                    1001, "Unable to lock subscriber, a transaction is already in process for the current subscriber"),
            Map.entry(1019, "Transaction has expired"),
            Map.entry(1025, "An error occurred while sending a push request"),
            Map.entry(1031, "Request cancelled by user"),
            Map.entry(1032, "Request cancelled by user"),
            Map.entry(1037, "DS timeout user cannot be reached"),
            Map.entry(2001, "The initiator information is invalid."),
            Map.entry(2028, "The request is not permitted according to product assignment."),
            Map.entry(8006, "The security credential is locked."),
            Map.entry(9999, "An error occurred while sending a push request."));

    private StkResultCodes() {}

    static String describe(int resultCode) {
        return DESCRIPTIONS.getOrDefault(resultCode, "Simulated result " + resultCode);
    }
}
