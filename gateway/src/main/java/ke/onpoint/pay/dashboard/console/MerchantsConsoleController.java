package ke.onpoint.pay.dashboard.console;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ke.onpoint.pay.api.ApiProblem;
import ke.onpoint.pay.api.FieldError;
import ke.onpoint.pay.dashboard.DashboardPage;
import ke.onpoint.pay.dashboard.NavLink;
import ke.onpoint.pay.merchant.KycDocuments;
import ke.onpoint.pay.merchant.MerchantDirectory;
import ke.onpoint.pay.merchant.MerchantLimits;
import ke.onpoint.pay.merchant.PricingAdmin;
import ke.onpoint.pay.security.MerchantPrincipal;
import ke.onpoint.pay.settlement.PayoutPauses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Merchants: a search (name, email or public id), and a merchant's page where an admin changes its limits and pricing
 * and pauses or resumes its payouts: through {@link MerchantLimits}, {@link PricingAdmin} and {@link PayoutPauses},
 * exactly as {@code PUT /admin/merchants/{id}/limits|pricing} and {@code POST …/payouts/pause|resume} do (same rules,
 * same audit entries). A form sends only the figures the admin changed; a blank figure returns to the default.
 */
@Controller
class MerchantsConsoleController implements DashboardPage {

    static final String PATH = "/dashboard/console/merchants";

    /** A limit scope: as {@link MerchantLimits} names it ({@code *} for all methods), as the form does, as shown. */
    private record Scope(String code, String key, String label) {}

    private static final List<Scope> LIMIT_SCOPES = List.of(
            new Scope("*", "all", "All methods"),
            new Scope("mpesa", "mpesa", "M-Pesa"),
            new Scope("card", "card", "Card"));

    private static final List<String> LIMIT_FIGURES = List.of("max_amount", "daily_count", "daily_amount");
    private static final List<String> RATES = List.of("requests_per_second", "requests_per_minute");
    private static final List<String> PRICE_FIGURES = List.of("percent", "fixed", "minimum", "cap");

    private final ConsoleAccess access;
    private final MerchantDirectory directory;
    private final MerchantLimits limits;
    private final PricingAdmin pricing;
    private final PayoutPauses pauses;
    private final KycDocuments kyc;

    MerchantsConsoleController(
            ConsoleAccess access,
            MerchantDirectory directory,
            MerchantLimits limits,
            PricingAdmin pricing,
            PayoutPauses pauses,
            KycDocuments kyc) {
        this.access = access;
        this.directory = directory;
        this.limits = limits;
        this.pricing = pricing;
        this.pauses = pauses;
        this.kyc = kyc;
    }

    @Override
    public NavLink nav() {
        return new NavLink(100, PATH, "Merchants", NavLink.ADMIN_ONLY);
    }

    @GetMapping(PATH)
    String search(
            @RequestParam(name = "q", required = false) String query,
            @RequestParam(name = "cursor", required = false) String cursor,
            HttpServletRequest request,
            Model model) {
        access.admin(request);
        model.addAttribute("q", query == null ? "" : query);
        model.addAttribute("page", directory.search(query, null, blankToNull(cursor)));
        model.addAttribute("firstPage", cursor != null && !cursor.isBlank());
        return "dashboard/console/merchants";
    }

    @GetMapping(PATH + "/{merchant}")
    String merchant(@PathVariable String merchant, HttpServletRequest request, Model model) {
        access.admin(request);
        return show(merchant, Map.of(), Map.of(), model);
    }

    @PostMapping(PATH + "/{merchant}/limits")
    String setLimits(
            @PathVariable String merchant,
            @RequestParam MultiValueMap<String, String> form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        List<String> rowsSent = new ArrayList<>();
        try {
            ObjectNode body = FormBodies.object();
            for (String rate : RATES) {
                if (changed(form, rate)) {
                    body.set(rate, FormBodies.number(rate, form.getFirst(rate)));
                }
            }
            ArrayNode rows = body.arrayNode();
            for (Scope scope : LIMIT_SCOPES) {
                if (LIMIT_FIGURES.stream().anyMatch(figure -> changed(form, figure + "_" + scope.key()))) {
                    ObjectNode row = rows.addObject().put("payment_method", scope.code());
                    for (String figure : LIMIT_FIGURES) {
                        String name = figure + "_" + scope.key();
                        row.set(figure, FormBodies.number(name, form.getFirst(name)));
                    }
                    rowsSent.add(scope.key());
                }
            }
            if (!rows.isEmpty()) {
                body.set("transaction_limits", rows);
            }
            if (body.isEmpty()) {
                redirect.addFlashAttribute("notice", "Nothing to save: no limit was changed");
            } else {
                limits.set(admin, merchant, body);
                redirect.addFlashAttribute("notice", "Limits saved");
            }
            return "redirect:" + PATH + "/" + merchant + "#limits";
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            return show(merchant, typed(form), fieldErrors(problem, field -> limitInput(field, rowsSent)), model);
        }
    }

    @PostMapping(PATH + "/{merchant}/pricing")
    String setPricing(
            @PathVariable String merchant,
            @RequestParam MultiValueMap<String, String> form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        try {
            ObjectNode body = FormBodies.object();
            for (String feeClass : feeClasses(merchant)) {
                // ticking "Default" on an own price resets it; a changed figure is an own price, ticked or not
                boolean useDefault = form.containsKey("default_" + feeClass);
                boolean wasDefault = "true".equals(form.getFirst("was_default_" + feeClass));
                boolean figureChanged =
                        PRICE_FIGURES.stream().anyMatch(figure -> changed(form, figure + "_" + feeClass));
                if (useDefault && !wasDefault) {
                    body.putNull(feeClass);
                } else if (figureChanged || (!useDefault && wasDefault)) {
                    ObjectNode price = body.putObject(feeClass);
                    for (String figure : PRICE_FIGURES) {
                        String name = figure + "_" + feeClass;
                        price.set(figure, FormBodies.number(name, form.getFirst(name)));
                    }
                }
            }
            if (body.isEmpty()) {
                redirect.addFlashAttribute("notice", "Nothing to save: no price was changed");
            } else {
                pricing.set(admin, merchant, body);
                redirect.addFlashAttribute("notice", "Pricing saved");
            }
            return "redirect:" + PATH + "/" + merchant + "#pricing";
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            return show(merchant, typed(form), fieldErrors(problem, MerchantsConsoleController::priceInput), model);
        }
    }

    @PostMapping(PATH + "/{merchant}/payouts/pause")
    String pause(
            @PathVariable String merchant,
            @RequestParam(name = "reason", required = false) String reason,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        try {
            ObjectNode body = FormBodies.object();
            body.put("reason", FormBodies.text("reason", reason));
            pauses.pause(admin, merchant, body);
            redirect.addFlashAttribute("notice", "Payouts paused");
            return "redirect:" + PATH + "/" + merchant + "#payouts";
        } catch (ApiProblem problem) {
            ConsoleAccess.refused(problem, response, model);
            Map<String, String> typed = new LinkedHashMap<>();
            typed.put("reason", reason);
            return show(merchant, typed, fieldErrors(problem, field -> field), model);
        }
    }

    @PostMapping(PATH + "/{merchant}/payouts/resume")
    String resume(@PathVariable String merchant, HttpServletRequest request, RedirectAttributes redirect) {
        MerchantPrincipal admin = access.admin(request);
        pauses.resume(admin, merchant);
        redirect.addFlashAttribute("notice", "Payouts resumed");
        return "redirect:" + PATH + "/" + merchant + "#payouts";
    }

    /** The merchant's page: its figures as the admin API reads them, overlaid with what was typed in a refused form. */
    private String show(String merchant, Map<String, String> typed, Map<String, String> errors, Model model) {
        Map<String, Object> found = directory.get(merchant);
        long merchantId = limits.merchantId(merchant);
        Map<String, Object> limitView = limits.view(merchantId);
        Map<String, Object> priceView = pricing.view(merchantId);

        Map<String, String> was = new LinkedHashMap<>();
        for (String rate : RATES) {
            was.put(rate, plain(limitView.get(rate)));
        }
        List<Map<String, Object>> limitRows = new ArrayList<>();
        for (Scope scope : LIMIT_SCOPES) {
            Map<String, Object> row = rows(limitView).stream()
                    .filter(r -> scope.code().equals(r.get("payment_method")))
                    .findFirst()
                    .orElse(Map.of());
            for (String figure : LIMIT_FIGURES) {
                was.put(figure + "_" + scope.key(), plain(row.get(figure)));
            }
            limitRows.add(Map.of("key", scope.key(), "label", scope.label()));
        }
        List<Map<String, Object>> priceRows = new ArrayList<>();
        priceView.forEach((feeClass, value) -> {
            Map<?, ?> price = (Map<?, ?>) value;
            for (String figure : PRICE_FIGURES) {
                was.put(figure + "_" + feeClass, plain(price.get(figure)));
            }
            was.put("default_" + feeClass, String.valueOf(Boolean.TRUE.equals(price.get("default"))));
            priceRows.add(Map.of("key", feeClass, "label", feeClassLabel(feeClass)));
        });
        Map<String, String> values = new LinkedHashMap<>(was);
        if (!typed.isEmpty()) {
            // a refused form shows what was typed; an unticked checkbox is simply absent from it
            priceRows.forEach(row -> {
                String key = "default_" + row.get("key");
                if (typed.containsKey("was_" + key)) {
                    values.put(key, String.valueOf(typed.containsKey(key)));
                }
            });
            typed.forEach((name, value) -> {
                if (!name.startsWith("was_") && !name.startsWith("default_") && !name.equals("_csrf")) {
                    values.put(name, value);
                }
            });
        }
        model.addAttribute("merchant", found);
        model.addAttribute("limits", limitView);
        model.addAttribute("limitRows", limitRows);
        model.addAttribute("priceRows", priceRows);
        model.addAttribute("was", was);
        model.addAttribute("values", values);
        model.addAttribute("fieldErrors", errors);
        model.addAttribute("documents", kyc.list(merchantId));
        return "dashboard/console/merchant";
    }

    private List<String> feeClasses(String merchant) {
        return List.copyOf(pricing.view(pricing.merchantId(merchant)).keySet());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> limitView) {
        return (List<Map<String, Object>>) limitView.get("transaction_limits");
    }

    private static boolean changed(MultiValueMap<String, String> form, String name) {
        return !Objects.equals(trimmed(form.getFirst(name)), trimmed(form.getFirst("was_" + name)));
    }

    private static String trimmed(String text) {
        return text == null ? "" : text.trim();
    }

    private static Map<String, String> typed(MultiValueMap<String, String> form) {
        Map<String, String> typed = new LinkedHashMap<>();
        form.forEach((name, values) -> typed.put(name, values.isEmpty() ? "" : values.get(0)));
        return typed;
    }

    /** The problem's fields, named as the form names its inputs, with their messages. */
    private static Map<String, String> fieldErrors(
            ApiProblem problem, java.util.function.Function<String, String> input) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : problem.errors()) {
            errors.putIfAbsent(input.apply(error.field()), error.message());
        }
        return errors;
    }

    /** {@code transaction_limits[1].daily_count} → {@code daily_count_mpesa} (the rows in the order they were sent). */
    private static String limitInput(String field, List<String> rowsSent) {
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("transaction_limits\\[(\\d+)]\\.(\\w+)")
                .matcher(field);
        if (row.matches()) {
            int index = Integer.parseInt(row.group(1));
            if (index < rowsSent.size()) {
                return row.group(2) + "_" + rowsSent.get(index);
            }
        }
        return field;
    }

    /** {@code mpesa.percent} → {@code percent_mpesa}. */
    private static String priceInput(String field) {
        int dot = field.indexOf('.');
        return dot < 0 ? field : field.substring(dot + 1) + "_" + field.substring(0, dot);
    }

    private static String feeClassLabel(String code) {
        return switch (code) {
            case "mpesa" -> "M-Pesa";
            case "card_local" -> "Card (KES)";
            case "card_international" -> "Card (other currencies)";
            default -> code;
        };
    }

    /** A figure as an input shows it: {@code 150000.00}, {@code 20}; blank for none. */
    private static String plain(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
