package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Argument parsing only; {@code run} starts the application and is not exercised here. */
class MerchantCommandsTest {

    @Test
    void separateValueFormIsRead() {
        // the shell turns  --name "Acme Ltd" --email x@y.z  into these arguments
        assertThat(MerchantCommands.options(new String[] {"create-merchant", "--name", "Acme Ltd", "--email", "x@y.z"}))
                .isEqualTo(Map.of("name", "Acme Ltd", "email", "x@y.z"));
    }

    @Test
    void equalsFormIsRead() {
        assertThat(MerchantCommands.options(new String[] {"create-merchant", "--name=Acme", "--email=x@y.z"}))
                .isEqualTo(Map.of("name", "Acme", "email", "x@y.z"));
    }

    @Test
    void formsMayBeMixed() {
        assertThat(MerchantCommands.options(new String[] {"create-merchant", "--name=Acme Ltd", "--email", "x@y.z"}))
                .isEqualTo(Map.of("name", "Acme Ltd", "email", "x@y.z"));
    }

    @Test
    void onlyTheFirstEqualsSplitsKeyFromValue() {
        assertThat(MerchantCommands.options(new String[] {"create-merchant", "--name=A=B"}))
                .containsEntry("name", "A=B");
    }

    @Test
    void commandWordAndStrayArgumentsAreIgnored() {
        assertThat(MerchantCommands.options(new String[] {"--name=Ignored", "stray", "--email=x@y.z"}))
                .isEqualTo(Map.of("email", "x@y.z"));
    }

    @Test
    void trailingOptionWithoutValueIsDropped() {
        assertThat(MerchantCommands.options(new String[] {"create-merchant", "--email=x@y.z", "--name"}))
                .isEqualTo(Map.of("email", "x@y.z"));
    }

    @Test
    void noOptionsGiveAnEmptyMap() {
        assertThat(MerchantCommands.options(new String[] {"create-merchant"})).isEmpty();
    }

    @Test
    void createMerchantIsACommand() {
        assertThat(MerchantCommands.isCommand(new String[] {"create-merchant", "--name", "x"}))
                .isTrue();
        assertThat(MerchantCommands.isCommand(new String[] {"--spring.profiles.active=dev"}))
                .isFalse();
        assertThat(MerchantCommands.isCommand(new String[0])).isFalse();
    }

    /** Bad usage of {@code archive} exits 2 with the usage line, before any application context starts. */
    @Test
    void archiveRefusesBadUsageBeforeStarting() {
        String tomorrow = java.time.LocalDate.now(ke.onpoint.pay.kernel.EastAfricaTime.ZONE)
                .plusDays(1)
                .toString();
        for (String[] args : java.util.List.of(
                new String[] {"archive"},
                new String[] {"archive", "--before", "2025-13-01"},
                new String[] {"archive", "--before", "1 year ago"},
                new String[] {"archive", "--before", "2025-01-01", "--batch-size", "0"},
                new String[] {"archive", "--before", "2025-01-01", "--batch-size", "10001"},
                new String[] {"archive", "--before", "2025-01-01", "--batch-size", "many"},
                new String[] {"archive", "--before", tomorrow})) {
            var err = new java.io.ByteArrayOutputStream();
            int code = MerchantCommands.run(
                    args,
                    new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                    new java.io.PrintStream(err, true));
            assertThat(code).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).containsAnyOf("usage: archive", "after today");
        }
        assertThat(MerchantCommands.isCommand(new String[] {"archive", "--before", "2025-01-01"}))
                .isTrue();
    }
}
