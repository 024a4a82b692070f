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
}
