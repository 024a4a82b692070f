package ke.onpoint.pay.balance;

import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiMessages;
import ke.onpoint.pay.api.ApiRouteBuilder;
import ke.onpoint.pay.api.QueryParameters;
import ke.onpoint.pay.security.Callers;
import ke.onpoint.pay.security.Permissions;
import org.springframework.stereotype.Component;

/** The merchant's balance and ledger lines: an API key with {@code payments:read}, or a user whose role reads payments. */
@Component
public class BalanceApiRoutes extends ApiRouteBuilder {

    private final Callers callers;
    private final Balances balances;

    public BalanceApiRoutes(Callers callers, ApiMessages messages, ApiJson json, Balances balances) {
        super(messages, json);
        this.callers = callers;
        this.balances = balances;
    }

    // spotless:off: a route keeps the indentation that shows its structure (rest verbs, choice/when/end)
    @Override
    public void configure() {
        rest("/balance").description("What the gateway holds for the merchant, in the caller's mode")
                .get().id("rest-balance")
                    .description("Per currency: pending, available, in_payout, and what settles next")
                    .produces("application/json").to("direct:balance")
                .get("/transactions").id("rest-balance-transactions")
                    .description("Ledger lines, newest first: kind, account, currency, date_from, date_to, limit, cursor")
                    .produces("application/json").to("direct:balance-transactions");

        Admission reads = e -> callers.keyOrUser(e, Permissions.PAYMENTS_READ);
        operation("balance", reads, 200, e -> balances.balance(principal(e)));
        operation("balance-transactions", reads, 200, e -> balances.lines(principal(e), QueryParameters.of(e)));
    }
    // spotless:on
}
