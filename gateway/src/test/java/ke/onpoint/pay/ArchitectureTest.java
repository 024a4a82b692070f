package ke.onpoint.pay;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

/**
 * The layering of the gateway, one rule per sentence: dependencies point inward, to the payment core and the kernel,
 * and a provider's package is the only place that knows the provider. Production classes only.
 */
class ArchitectureTest {

    private static final String GATEWAY = "ke.onpoint.pay..";
    private static final String KERNEL = "ke.onpoint.pay.kernel..";
    private static final String API = "ke.onpoint.pay.api..";
    private static final String PAYMENT = "ke.onpoint.pay.payment..";
    private static final String LEDGER = "ke.onpoint.pay.ledger..";
    private static final String SETTLEMENT = "ke.onpoint.pay.settlement..";
    private static final String MPESA = "ke.onpoint.pay.mpesa..";
    private static final String CARD = "ke.onpoint.pay.card..";
    private static final String PAYSTACK = "ke.onpoint.pay.paystack..";
    private static final String FLUTTERWAVE = "ke.onpoint.pay.flutterwave..";
    private static final String DASHBOARD = "ke.onpoint.pay.dashboard..";
    /** The simulators module (on the tests' classpath only). */
    private static final String SIMULATORS = "ke.onpoint.simulator..";

    private static final String[] FEATURES = {
        PAYMENT,
        "ke.onpoint.pay.refund..",
        "ke.onpoint.pay.merchant..",
        "ke.onpoint.pay.webhook..",
        "ke.onpoint.pay.audit..",
        "ke.onpoint.pay.reconciliation..",
        LEDGER,
        SETTLEMENT,
        "ke.onpoint.pay.balance..",
        "ke.onpoint.pay.report..",
        MPESA,
        CARD,
        PAYSTACK,
        FLUTTERWAVE,
        "ke.onpoint.pay.ops.."
    };

    private static final ImportOption PRODUCTION = new ImportOption.DoNotIncludeTests();
    /** The gateway's tests too: they reach the simulators over HTTP, as the gateway reaches the providers. */
    private static final JavaClasses GATEWAY_AND_TEST_CLASSES =
            new ClassFileImporter().importPackages("ke.onpoint.pay");
    /** The same import, without the tests (one pass over the class files, not two). */
    private static final JavaClasses GATEWAY_CLASSES = GATEWAY_AND_TEST_CLASSES.that(DescribedPredicate.describe(
            "production classes",
            javaClass -> javaClass
                    .getSource()
                    .map(source -> PRODUCTION.includes(Location.of(source.getUri())))
                    .orElse(true)));

    private static final JavaClasses SIMULATOR_CLASSES =
            new ClassFileImporter().withImportOption(PRODUCTION).importPackages("ke.onpoint.simulator");

    @Test
    void theRulesSeeTheProductionClassesWithoutTheTests() {
        assertThat(GATEWAY_CLASSES.contain(OnPointPayApplication.class)).isTrue();
        assertThat(GATEWAY_CLASSES.contain(ArchitectureTest.class)).isFalse();
        assertThat(GATEWAY_AND_TEST_CLASSES.contain(ArchitectureTest.class)).isTrue();
    }

    @Test
    void thePaymentCoreKnowsNoProvider() {
        noClasses()
                .that()
                .resideInAPackage(PAYMENT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MPESA, CARD, PAYSTACK, FLUTTERWAVE)
                .because("payment/ owns the ports (PaymentRail, RefundChannel) that every rail implements, so adding a"
                        + " rail means adding a package, not editing the core")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void theLedgerStandsOnNothingButTheKernel() {
        noClasses()
                .that()
                .resideInAPackage(LEDGER)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(java.util.Arrays.stream(FEATURES)
                        .filter(f -> !f.equals(LEDGER))
                        .toArray(String[]::new))
                .because("every money movement posts to the ledger (payments, refunds, settlements, payouts): it is"
                        + " below all of them, and knows none")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void settlementKnowsNoProvider() {
        noClasses()
                .that()
                .resideInAPackage(SETTLEMENT)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MPESA, CARD, PAYSTACK, FLUTTERWAVE)
                .because("settlement/ owns the port (PayoutRail) that Daraja B2C/B2B and Paystack Transfers implement")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void reconciliationKnowsNoProvider() {
        noClasses()
                .that()
                .resideInAPackage("ke.onpoint.pay.reconciliation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MPESA, CARD, PAYSTACK, FLUTTERWAVE)
                .because("reconciliation/ owns the port (ProviderRecords) each provider implements with its own"
                        + " listing or statement; the matching and the reports are the same for all")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void mpesaKnowsNoCardProvider() {
        noClasses()
                .that()
                .resideInAPackage(MPESA)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(CARD, PAYSTACK, FLUTTERWAVE)
                .because("providers meet only in the payment core's ports")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void cardProvidersKnowNoMpesa() {
        noClasses()
                .that()
                .resideInAnyPackage(CARD, PAYSTACK, FLUTTERWAVE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(MPESA)
                .because("providers meet only in the payment core's ports")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void theCardRailKnowsNoProcessor() {
        noClasses()
                .that()
                .resideInAPackage(CARD)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PAYSTACK, FLUTTERWAVE)
                .because("card/ is the port its processors implement (CardProcessor), and fails over between them"
                        + " without knowing which they are")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void paystackKnowsNoFlutterwave() {
        noClasses()
                .that()
                .resideInAPackage(PAYSTACK)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(FLUTTERWAVE)
                .because("card processors share code only through card/, the card rail's port")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void flutterwaveKnowsNoPaystack() {
        noClasses()
                .that()
                .resideInAPackage(FLUTTERWAVE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(PAYSTACK)
                .because("card processors share code only through card/, the card rail's port")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void nothingButTheDashboardKnowsTheDashboard() {
        noClasses()
                .that()
                .resideOutsideOfPackage(DASHBOARD)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(DASHBOARD)
                .because("the dashboard's pages sit on top of the services the API uses (payments, refunds, reports,"
                        + " accounts); no service knows there is a web page above it")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void theMerchantPagesTalkToTheCoreNotToProviders() {
        noClasses()
                .that()
                .resideInAPackage("ke.onpoint.pay.dashboard")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MPESA, CARD, PAYSTACK, FLUTTERWAVE)
                .because("a merchant's page shows what the core recorded and acts through the same services as the API;"
                        + " provider details reach it only through the core's ports (the operator console may look"
                        + " deeper)")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void theGatewayNeverUsesItsSimulators() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SIMULATORS)
                .because("the simulators stand in for the providers in development and tests, reached over HTTP as the"
                        + " providers are; production runs without them")
                .check(GATEWAY_AND_TEST_CLASSES);
    }

    @Test
    void theSimulatorsUseNothingOfTheGateway() {
        assertThat(SIMULATOR_CLASSES)
                .as("the simulators module is on the tests' classpath")
                .isNotEmpty();
        noClasses()
                .that()
                .resideInAPackage(SIMULATORS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(GATEWAY)
                .because("a fake provider built from the client's own code would accept the client's bugs: it must be"
                        + " an independent check (its own Daraja Password, time and crypto)")
                .check(SIMULATOR_CLASSES);
    }

    @Test
    void theKernelUsesNothingOfTheGateway() {
        noClasses()
                .that()
                .resideInAPackage(KERNEL)
                .should()
                .dependOnClassesThat(gatewayOutside(KERNEL))
                .because("the kernel (East Africa Time) is what every package may use, so it can use none of them")
                .check(GATEWAY_CLASSES);
    }

    @Test
    void theApiFrameworkKnowsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage(API)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .because("api/ is how every feature writes its routes and problems (it may use security and the"
                        + " kernel); a feature it knew would depend on it back")
                .check(GATEWAY_CLASSES);
    }

    private static DescribedPredicate<JavaClass> gatewayOutside(String own) {
        return resideInAPackage(GATEWAY).and(not(resideInAPackage(own)));
    }
}
