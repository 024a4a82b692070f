package ke.onpoint.simulator.daraja;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ke.onpoint.simulator.ReconControlController;
import ke.onpoint.simulator.SimulatorJson;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The M-PESA org portal's statement download ({@code GET /sim/daraja/__sim/org-statement?shortcode=&date=YYYY-MM-DD},
 * text/csv as §1.17 describes it) and the discrepancies a reconciliation test plants in it
 * ({@code /sim/daraja/__sim/recon/...}, keyed by receipt; amounts in whole KES; statuses the portal's, e.g.
 * {@code Failed}, {@code Cancelled}). Provider-only body: {@code {"shortcode":"600100","amount":1500,
 * "msisdn":"254708374149","account":"INV-1","completed_at":"ISO instant, optional"}}.
 */
@RestController
@RequestMapping(DarajaApiController.BASE_PATH + DarajaApiController.CONTROL_PATH)
@ConditionalOnDarajaSimulator
public class DarajaReconControlController extends ReconControlController {

    private final OrgStatement statement;
    private final Clock clock = Clock.systemUTC();

    public DarajaReconControlController(OrgStatement statement) {
        super(statement.overrides());
        this.statement = statement;
    }

    @GetMapping("/org-statement")
    public ResponseEntity<String> orgStatement(
            @RequestParam(value = "shortcode", required = false) String shortCode,
            @RequestParam(value = "date", required = false) String date) {
        LocalDate day;
        try {
            day = date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            day = null;
        }
        if (shortCode == null || !shortCode.matches("\\d{5,7}") || day == null) {
            return error(
                    HttpStatus.BAD_REQUEST, "shortcode (5 to 7 digits) and date (YYYY-MM-DD, an EAT day) are required");
        }
        String csv = OrgStatement.csv(statement.statement(shortCode, day));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(OrgStatement.fileName(shortCode, clock.instant()))
                                .build()
                                .toString())
                .body(csv);
    }

    @Override
    protected ResponseEntity<String> plantProviderOnly(ObjectNode body) {
        String shortCode = body.path("shortcode").asText("");
        Long amount = wholeNumber(body.get("amount"));
        String msisdn = body.path("msisdn").asText("254708374149");
        String account = body.path("account").asText("");
        Instant at = instantOrNow(body, "completed_at");
        if (!shortCode.matches("\\d{5,7}") || amount == null || at == null || !msisdn.matches("254\\d{9}")) {
            return error(
                    HttpStatus.BAD_REQUEST,
                    "body must be {\"shortcode\":\"600100\",\"amount\":<whole KES>,\"msisdn\":\"2547…\","
                            + "\"account\":\"…\",\"completed_at\":\"<ISO, optional>\"}");
        }
        OrgStatement.Row row = statement.plant(shortCode, amount, msisdn, account, at);
        return SimulatorJson.ok(SimulatorJson.object()
                .put("receipt", row.receipt())
                .put("shortcode", shortCode)
                .put("amount", amount)
                .put("completed_at", at.toString()));
    }

    @Override
    protected boolean knows(String key) {
        return statement.knows(key);
    }

    @Override
    protected void forgetPlanted() {
        statement.forgetPlanted();
    }
}
