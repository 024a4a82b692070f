package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The uploader's file name is kept for display only, as text PostgreSQL can store. */
class KycDisplayNameTest {

    @Test
    void kycFileNameWithNulOrLoneSurrogateIsStoredWithoutThem() {
        assertThat(KycDocuments.displayName("cert\0.pdf")).isEqualTo("cert.pdf");
        assertThat(KycDocuments.displayName("cert\uD800.pdf")).isEqualTo("cert.pdf");
        assertThat(KycDocuments.displayName("risiti \uD83D\uDCC4.pdf")).isEqualTo("risiti \uD83D\uDCC4.pdf");
    }

    @Test
    void aLongNameIsNotCutInsideASurrogatePair() {
        String name = "a".repeat(199) + "\uD83D\uDCC4" + ".pdf";
        String shown = KycDocuments.displayName(name);
        assertThat(shown).hasSize(199);
        assertThat(Character.isSurrogate(shown.charAt(shown.length() - 1))).isFalse();
    }
}
