package ke.onpoint.pay.merchant;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import ke.onpoint.pay.OnPointPayApplication;
import ke.onpoint.pay.security.AtRestReencryption;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Administrative commands run from the jar, like the seed's {@code createsuperuser}:
 * {@code create-merchant --name "Acme Ltd" --email ops@acme.test [--owner-password …]} (prompts for the owner's
 * password on a terminal when the option is absent), {@code create-admin --email … [--password …]},
 * {@code re-encrypt} (moves data at rest to the current master key), {@code register-c2b-urls} and
 * {@code verify-ledger} (checks every ledger invariant; exit code 1 on the first violation) and
 * {@code archive --before YYYY-MM-DD [--batch-size N] [--dry-run]} (moves ended payments created before that day
 * into the archive tables, see {@link ke.onpoint.pay.payment.PaymentArchive}).
 * They start the application context without the web server, the scheduler or the routes, do one thing and exit.
 */
public final class MerchantCommands {

    private static final Set<String> COMMANDS =
            Set.of("create-merchant", "create-admin", "re-encrypt", "register-c2b-urls", "verify-ledger", "archive");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private MerchantCommands() {}

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs a command; the exit code is 0 on success, 1 on failure, 2 on bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if ("register-c2b-urls".equals(args[0])) {
            return withContext(err, new RunningGatewayPort(err), List.of(), context -> {
                var registration = context.getBean(ke.onpoint.pay.mpesa.C2bUrlRegistration.class);
                var c2b = context.getBean(ke.onpoint.pay.mpesa.C2bProperties.class);
                switch (registration.register()) {
                    case REGISTERED ->
                        out.println("C2B URLs registered for shortcode " + c2b.shortcode() + " (" + c2b.apiVersion()
                                + "): " + c2b.confirmationUrl() + " and " + c2b.validationUrl());
                    case ALREADY_REGISTERED ->
                        out.println(
                                "C2B URLs are already registered for shortcode " + c2b.shortcode()
                                        + "; in production registration is one-time: change them in the Daraja portal or via Safaricom support");
                }
                return 0;
            });
        }
        if ("verify-ledger".equals(args[0])) {
            // reads the database only: no routes, so no Quartz endpoint touches the gateways' clustered triggers
            return withContext(err, null, List.of("--camel.main.routes-collector-enabled=false"), context -> {
                var verification = context.getBean(ke.onpoint.pay.ledger.LedgerVerification.class);
                var violation = verification.firstViolation();
                if (violation.isPresent()) {
                    err.println("ledger invariant broken: " + violation.get().invariant() + ": "
                            + violation.get().example());
                    return 1;
                }
                verification.invariants().forEach(name -> out.println("ok: " + name));
                out.println("The ledger holds: " + verification.invariants().size() + " invariants checked");
                return 0;
            });
        }
        if ("archive".equals(args[0])) {
            return archive(args, out, err);
        }
        if ("re-encrypt".equals(args[0])) {
            return withContext(err, context -> {
                AtRestReencryption.Report report =
                        context.getBean(AtRestReencryption.class).run();
                out.println(
                        "Re-encrypted " + report.values() + " values in " + report.rows() + " rows under master key "
                                + report.keyId() + "; " + report.alreadyCurrent() + " values were already under it");
                return 0;
            });
        }
        Map<String, String> options = options(args);
        String email = options.getOrDefault("email", "").trim();
        if ("create-admin".equals(args[0])) {
            if (!EMAIL.matcher(email).matches() || email.length() > 254) {
                err.println("usage: create-admin --email admin@onpoint.test [--password …]");
                return 2;
            }
            String password = password(options, "password", err);
            if (password == null) {
                err.println(
                        "usage: create-admin --email admin@onpoint.test --password … (or run it at a terminal to be asked)");
                return 2;
            }
            return withContext(err, context -> {
                MerchantUsers.Account admin = context.getBean(MerchantUsers.class)
                        .create(null, email, password, ke.onpoint.pay.security.Role.ADMIN);
                out.println("Created admin " + admin.publicId() + " (" + admin.email() + ")");
                return 0;
            });
        }
        String name = options.getOrDefault("name", "").trim();
        if (name.isEmpty() || name.length() > 200 || !EMAIL.matcher(email).matches() || email.length() > 254) {
            err.println("usage: create-merchant --name \"Acme Ltd\" --email ops@acme.test [--owner-password …]");
            return 2;
        }
        String ownerPassword = password(options, "owner-password", err);
        if (ownerPassword == null && (options.containsKey("owner-password") || System.console() != null)) {
            return 2;
        }
        return withContext(err, context -> {
            var transactions = context.getBean(org.springframework.transaction.support.TransactionTemplate.class);
            MerchantAccounts.NewMerchant merchant = transactions.execute(tx -> {
                MerchantAccounts.NewMerchant created =
                        context.getBean(MerchantAccounts.class).create(name, email);
                if (ownerPassword != null) {
                    context.getBean(MerchantUsers.class)
                            .create(created.id(), email, ownerPassword, ke.onpoint.pay.security.Role.OWNER);
                }
                return created;
            });
            err.println("Created merchant " + merchant.publicId() + " (" + merchant.name() + ", " + merchant.email()
                    + "), M-Pesa paybill account number " + merchant.c2bAccount()
                    + (ownerPassword != null
                            ? "; its owner logs in as " + email
                            : "; no owner login (add --owner-password)")
                    + ". Its test secret key follows; it is shown only this once:");
            out.println(merchant.secretKey());
            out.flush();
            return 0;
        });
    }

    private static final String ARCHIVE_USAGE = "usage: archive --before YYYY-MM-DD [--batch-size N (1 to "
            + ke.onpoint.pay.payment.PaymentArchive.MAX_BATCH + ", default "
            + ke.onpoint.pay.payment.PaymentArchive.DEFAULT_BATCH + ")] [--dry-run]";

    private static int archive(String[] args, PrintStream out, PrintStream err) {
        List<String> flags = java.util.Arrays.asList(args);
        boolean dryRun = flags.contains("--dry-run");
        Map<String, String> options =
                options(flags.stream().filter(a -> !a.equals("--dry-run")).toArray(String[]::new));
        java.time.LocalDate before;
        int batchSize;
        try {
            before = java.time.LocalDate.parse(options.getOrDefault("before", ""));
            batchSize = Integer.parseInt(options.getOrDefault(
                    "batch-size", String.valueOf(ke.onpoint.pay.payment.PaymentArchive.DEFAULT_BATCH)));
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            err.println(ARCHIVE_USAGE);
            return 2;
        }
        if (batchSize < 1 || batchSize > ke.onpoint.pay.payment.PaymentArchive.MAX_BATCH) {
            err.println(ARCHIVE_USAGE);
            return 2;
        }
        if (before.isAfter(java.time.LocalDate.now(ke.onpoint.pay.kernel.EastAfricaTime.ZONE))) {
            err.println("error: --before " + before + " is after today (East Africa Time)");
            return 2;
        }
        return withContext(err, null, List.of("--camel.main.routes-collector-enabled=false"), context -> {
            var report = context.getBean(ke.onpoint.pay.payment.PaymentArchive.class)
                    .run(before, batchSize, dryRun, System.getProperty("user.name", "cli"), out::println);
            out.println(describe(report, batchSize));
            return 0;
        });
    }

    static String describe(ke.onpoint.pay.payment.PaymentArchive.Report report, int batchSize) {
        double seconds = Math.max(report.took().toMillis(), 1) / 1000.0;
        StringBuilder text = new StringBuilder(report.dryRun() ? "Dry run: would archive " : "Archived ")
                .append(report.payments())
                .append(" payments created before ")
                .append(report.before())
                .append(" (East Africa Time) in ")
                .append(report.batches())
                .append(" batches of up to ")
                .append(batchSize)
                .append(String.format(
                        java.util.Locale.ROOT, ", %.1f s (%.0f payments/s)", seconds, report.payments() / seconds));
        report.rows().forEach((table, n) -> {
            if (!table.equals("payments")) {
                text.append("\n  with ").append(n).append(' ').append(table.replace('_', ' '));
            }
        });
        text.append("\n")
                .append(report.stayed())
                .append(" payments created before ")
                .append(report.before())
                .append(" stay live (not ended, or still awaited on: a pending refund, an undelivered webhook, an open")
                .append(" review or reconciliation item, an unsettled capture; or busy: run again later)");
        return text.toString();
    }

    /**
     * A password from the option, or typed at the terminal (twice, not echoed) when the option is absent; null when
     * there is none to be had or it is too weak (the reason is printed).
     */
    private static String password(Map<String, String> options, String option, PrintStream err) {
        String password = options.get(option);
        if (password == null && System.console() != null) {
            char[] first = System.console().readPassword("Password for the new login: ");
            char[] again = System.console().readPassword("Same password again: ");
            if (first == null || again == null || !java.util.Arrays.equals(first, again)) {
                err.println("error: the passwords differ");
                return null;
            }
            password = new String(first);
        }
        if (password == null) {
            return null;
        }
        String weakness = ke.onpoint.pay.security.Passwords.weakness(password);
        if (weakness != null) {
            err.println("error: the password " + weakness);
            return null;
        }
        return password;
    }

    /** The application without its web server, scheduler or routes, for one task; its failures become exit code 1. */
    private static int withContext(
            PrintStream err, java.util.function.ToIntFunction<ConfigurableApplicationContext> task) {
        return withContext(err, null, List.of(), task);
    }

    private static int withContext(
            PrintStream err,
            RunningGatewayPort port,
            List<String> extraProperties,
            java.util.function.ToIntFunction<ConfigurableApplicationContext> task) {
        SpringApplication app = new SpringApplication(OnPointPayApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        if (port != null) {
            app.addListeners(port);
        }
        // command-line properties outrank application.yml: no routes, no scheduler, quiet logs
        List<String> properties = new java.util.ArrayList<>(List.of(
                "--camel.main.auto-startup=false",
                "--spring.quartz.auto-startup=false",
                "--camel.component.quartz.auto-start-scheduler=false",
                "--onpoint.simulator.daraja.enabled=false",
                "--onpoint.simulator.paystack.enabled=false",
                "--onpoint.simulator.flutterwave.enabled=false",
                "--logging.level.root=WARN",
                "--spring.datasource.hikari.data-source-properties.ApplicationName=onpoint-pay-cli", // not a gateway
                "--logging.level.org.apache.camel.spring.boot.SpringBootCamelContext=ERROR",
                "--logging.level.ke.onpoint.pay=WARN"));
        properties.addAll(extraProperties);
        try (ConfigurableApplicationContext context = app.run(properties.toArray(String[]::new))) {
            return task.applyAsInt(context);
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** {@code --key value} and {@code --key=value}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(arg.substring(2), args[++i]);
            }
        }
        return options;
    }
}
