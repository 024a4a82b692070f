package ke.onpoint.pay.dashboard;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import ke.onpoint.pay.api.ApiJson;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.IdempotencyKeys;
import ke.onpoint.pay.api.ProblemResponses;
import ke.onpoint.pay.payment.Money;
import ke.onpoint.pay.payment.PaymentQueries;
import ke.onpoint.pay.payment.PaymentStatus;
import ke.onpoint.pay.payment.PaymentView;
import ke.onpoint.pay.refund.RefundService;
import ke.onpoint.pay.refund.RefundView;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.security.Permissions;
import ke.onpoint.pay.security.RandomIds;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A payment's page: what it is, its timeline, and the refund action. A refund is asked in two steps (the form, then
 * a page to confirm the amount) and made exactly as {@code POST /payments/refund} makes it: the same checks
 * ({@link RefundService#parse}), the same service (reservation, processor, audit entry), the same Idempotency-Key
 * store, with a key minted for the confirmation page so a double submit refunds once. Only roles holding
 * {@code refunds:write} see the form, and only they are served.
 */
@Controller
class PaymentController {

    private final Viewers viewers;
    private final PaymentQueries payments;
    private final PaymentTimeline timeline;
    private final RefundService refunds;
    private final IdempotencyKeys idempotencyKeys;
    private final ApiJson json;

    PaymentController(
            Viewers viewers,
            PaymentQueries payments,
            PaymentTimeline timeline,
            RefundService refunds,
            IdempotencyKeys idempotencyKeys,
            ApiJson json) {
        this.viewers = viewers;
        this.payments = payments;
        this.timeline = timeline;
        this.refunds = refunds;
        this.idempotencyKeys = idempotencyKeys;
        this.json = json;
    }

    @GetMapping("/dashboard/payments/{reference}")
    String payment(@PathVariable String reference, HttpServletRequest request, Model model) {
        Viewer viewer = viewers.current(request);
        MerchantPrincipal merchant = viewer.require(Permissions.PAYMENTS_READ);
        PaymentView payment = payments.get(merchant, reference);
        model.addAttribute("payment", payment);
        model.addAttribute("timeline", timeline.of(merchant, payment.reference()));
        model.addAttribute("refundable", refundable(payment));
        model.addAttribute("remaining", remaining(payment));
        return "dashboard/payment";
    }

    /** Step one: the amount and reason are checked and shown back with a confirm button (nothing is written). */
    @PostMapping("/dashboard/payments/{reference}/refund/review")
    String review(
            @PathVariable String reference,
            @RequestParam(name = "amount", required = false) String amount,
            @RequestParam(name = "reason", required = false) String reason,
            HttpServletRequest request,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal merchant = viewers.current(request).require(Permissions.REFUNDS_WRITE);
        PaymentView payment = payments.get(merchant, reference);
        RefundService.RefundRequest asked;
        try {
            asked = parse(payment.reference(), amount, reason);
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("alert", problem);
            return "redirect:/dashboard/payments/" + payment.reference();
        }
        model.addAttribute("payment", payment);
        // what the confirmation shows is what is sent: a blank amount becomes the remainder as it is now
        long amountMinor =
                asked.amountMinor() == null ? Money.toMinor(remaining(payment)).orElseThrow() : asked.amountMinor();
        model.addAttribute("amountMinor", amountMinor);
        model.addAttribute("amount", Money.format(Money.toMajor(amountMinor)));
        model.addAttribute("reason", asked.reason());
        model.addAttribute("idempotencyKey", "dash_" + RandomIds.base62(24));
        return "dashboard/refund-confirm";
    }

    /** Step two: the refund, once per confirmation page (its Idempotency-Key). */
    @PostMapping("/dashboard/payments/{reference}/refund")
    String refund(
            @PathVariable String reference,
            @RequestParam(name = "amount", required = false) String amount,
            @RequestParam(name = "reason", required = false) String reason,
            @RequestParam(name = "idempotency_key", required = false) String key,
            HttpServletRequest request,
            RedirectAttributes redirect) {
        MerchantPrincipal merchant = viewers.current(request).require(Permissions.REFUNDS_WRITE);
        if (key == null || key.isBlank()) {
            throw ApiProblem.invalidField("idempotency_key", "is required: confirm the refund on its review page");
        }
        RefundService.RefundRequest asked = parse(reference, amount, reason);
        String path = "/dashboard/payments/" + reference + "/refund";
        String body = json.write(asked);
        Optional<IdempotencyKeys.Answer> earlier = idempotencyKeys.claim(merchant, key, path, body);
        String back = "redirect:/dashboard/payments/" + reference;
        if (earlier.isPresent()) {
            redirect.addFlashAttribute("notice", "This refund was already submitted; it is listed below.");
            return back;
        }
        boolean[] written = {false};
        RefundView done;
        try {
            done = refunds.request(merchant, asked, () -> written[0] = true);
        } catch (ApiProblem problem) {
            idempotencyKeys.settle(
                    merchant, key, problem.status(), ProblemResponses.render(json, problem, path), written[0]);
            // refused (too much, not refundable, the processor said no): the payment's page names why
            redirect.addFlashAttribute("alert", problem);
            return back;
        } catch (RuntimeException unexpected) {
            if (!written[0]) {
                idempotencyKeys.settle(merchant, key, 500, "{}", false);
            }
            throw unexpected;
        }
        idempotencyKeys.settle(merchant, key, 201, json.write(done), true);
        redirect.addFlashAttribute(
                "notice",
                "Refund " + done.refundReference() + " of " + Formats.INSTANCE.money(done.amount(), done.currency())
                        + " is " + done.status().replace('_', ' ') + ".");
        return back;
    }

    /** The form's fields as the API's JSON body, checked by the API's own rules. */
    private RefundService.RefundRequest parse(String reference, String amount, String reason) {
        ObjectNode body = json.mapper().createObjectNode();
        body.put("reference", reference);
        if (amount != null && !amount.isBlank()) {
            try {
                body.put("amount", new BigDecimal(amount.trim().replace(",", "")));
            } catch (NumberFormatException e) {
                throw ApiProblem.invalidField("amount", "must be a number such as 1500 or 1500.50");
            }
        }
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.trim());
        }
        return RefundService.parse(body);
    }

    static boolean refundable(PaymentView payment) {
        return (payment.status() == PaymentStatus.COMPLETED || payment.status() == PaymentStatus.PARTIALLY_REFUNDED)
                && remaining(payment).signum() > 0;
    }

    static BigDecimal remaining(PaymentView payment) {
        return payment.amount().subtract(payment.amountRefunded());
    }
}
