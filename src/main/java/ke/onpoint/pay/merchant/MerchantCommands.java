package ke.onpoint.pay.merchant;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import ke.onpoint.pay.OnPointPayApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Administrative commands run from the jar, like the seed's {@code createsuperuser}:
 * {@code java -jar onpoint-pay.jar create-merchant --name "Acme Ltd" --email ops@acme.test} and
 * {@code java -jar onpoint-pay.jar register-c2b-urls}.
 * They start the application context without the web server, the scheduler or the routes, do one thing and exit.
 */
public final class MerchantCommands {

    private static final Set<String> COMMANDS = Set.of("create-merchant", "register-c2b-urls");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    private MerchantCommands() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    /** Runs a command; the exit code is 0 on success, 1 on failure, 2 on bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if ("register-c2b-urls".equals(args[0])) {
            return withContext(err, context -> {
                var registration = context.getBean(ke.onpoint.pay.mpesa.C2bUrlRegistration.class);
                var c2b = context.getBean(ke.onpoint.pay.mpesa.C2bProperties.class);
                switch (registration.register()) {
                    case REGISTERED -> out.println("C2B URLs registered for shortcode " + c2b.shortcode()
                            + " (" + c2b.apiVersion() + "): " + c2b.confirmationUrl() + " and " + c2b.validationUrl());
                    case ALREADY_REGISTERED -> out.println("C2B URLs are already registered for shortcode " + c2b.shortcode()
                            + "; in production registration is one-time: change them in the Daraja portal or via Safaricom support");
                }
                return 0;
            });
        }
        Map<String, String> options = options(args);
        String name = options.getOrDefault("name", "").trim();
        String email = options.getOrDefault("email", "").trim();
        if (name.isEmpty() || name.length() > 200 || !EMAIL.matcher(email).matches() || email.length() > 254) {
            err.println("usage: create-merchant --name \"Acme Ltd\" --email ops@acme.test");
            return 2;
        }
        return withContext(err, context -> {
            MerchantAccounts.NewMerchant merchant = context.getBean(MerchantAccounts.class).create(name, email);
            err.println("Created merchant " + merchant.publicId() + " (" + merchant.name() + ", " + merchant.email()
                    + "), M-Pesa paybill account number " + merchant.c2bAccount()
                    + ". Its test secret key follows; it is shown only this once:");
            out.println(merchant.secretKey());
            out.flush();
            return 0;
        });
    }

    /** The application without its web server, scheduler or routes, for one task; its failures become exit code 1. */
    private static int withContext(PrintStream err, java.util.function.ToIntFunction<ConfigurableApplicationContext> task) {
        SpringApplication app = new SpringApplication(OnPointPayApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        // command-line properties outrank application.yml: no routes, no scheduler, quiet logs
        try (ConfigurableApplicationContext context = app.run("--camel.main.auto-startup=false",
                "--spring.quartz.auto-startup=false", "--camel.component.quartz.auto-start-scheduler=false",
                "--onpoint.simulator.daraja.enabled=false", "--onpoint.simulator.paystack.enabled=false",
                "--onpoint.simulator.flutterwave.enabled=false", "--logging.level.root=WARN",
                "--logging.level.org.apache.camel.spring.boot.SpringBootCamelContext=ERROR", "--logging.level.ke.onpoint.pay=WARN")) {
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
