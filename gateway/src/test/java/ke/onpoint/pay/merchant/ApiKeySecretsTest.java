package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    @Test
    void testKeyMatchesTheFormat() {
        String key = ApiKeySecrets.generate("test");

        assertThat(key).startsWith("sk_test_").hasSize(40);
        assertThat(ApiKeySecrets.FORMAT.matcher(key).matches()).isTrue();
    }

    @Test
    void liveKeyMatchesTheFormat() {
        String key = ApiKeySecrets.generate("live");

        assertThat(key).startsWith("sk_live_");
        assertThat(ApiKeySecrets.FORMAT.matcher(key).matches()).isTrue();
    }

    @Test
    void formatRejectsOtherModesAndLengths() {
        assertThat(ApiKeySecrets.FORMAT.matcher("sk_prod_" + "a".repeat(32)).matches())
                .isFalse();
        assertThat(ApiKeySecrets.FORMAT.matcher("sk_test_" + "a".repeat(31)).matches())
                .isFalse();
        assertThat(ApiKeySecrets.FORMAT
                        .matcher("sk_test_" + "a".repeat(31) + "-")
                        .matches())
                .isFalse();
    }

    @Test
    void prefixIsTheFirstTwelveCharacters() {
        String key = ApiKeySecrets.generate("test");

        assertThat(ApiKeySecrets.prefix(key))
                .hasSize(12)
                .isEqualTo(key.substring(0, 12))
                .startsWith("sk_test_");
    }

    @Test
    void prefixOfAShortStringIsTheWholeString() {
        assertThat(ApiKeySecrets.prefix("sk_")).isEqualTo("sk_");
    }

    @Test
    void hashIsThirtyTwoBytesAndDeterministic() {
        String key = ApiKeySecrets.generate("test");

        assertThat(ApiKeySecrets.hash(key)).hasSize(32).isEqualTo(ApiKeySecrets.hash(key));
    }

    @Test
    void hashIsSha256() {
        assertThat(HexFormat.of().formatHex(ApiKeySecrets.hash("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void twoKeysDifferAndSoDoTheirHashes() {
        String first = ApiKeySecrets.generate("test");
        String second = ApiKeySecrets.generate("test");

        assertThat(first).isNotEqualTo(second);
        assertThat(ApiKeySecrets.hash(first)).isNotEqualTo(ApiKeySecrets.hash(second));
    }
}
