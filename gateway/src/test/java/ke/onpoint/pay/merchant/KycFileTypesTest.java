package ke.onpoint.pay.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KycFileTypesTest {

    @Test
    void knowsDocumentsByTheirMagicNumbers() {
        assertThat(KycFileTypes.sniff("%PDF-1.7\n...".getBytes())).contains("application/pdf");
        assertThat(KycFileTypes.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}))
                .contains("image/png");
        assertThat(KycFileTypes.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
                .contains("image/jpeg");
    }

    @Test
    void refusesExecutablesScriptsAndEmptyFilesWhateverTheirName() {
        assertThat(KycFileTypes.sniff(new byte[] {'M', 'Z', (byte) 0x90, 0})).isEmpty();
        assertThat(KycFileTypes.sniff(new byte[] {0x7F, 'E', 'L', 'F'})).isEmpty();
        assertThat(KycFileTypes.sniff("<html><script>".getBytes())).isEmpty();
        assertThat(KycFileTypes.sniff(new byte[0])).isEmpty();
        assertThat(KycFileTypes.sniff(null)).isEmpty();
    }

    @Test
    void theUploadersFileNameIsForDisplayOnly() {
        assertThat(KycDocuments.displayName("../../etc/passwd")).isEqualTo("passwd");
        assertThat(KycDocuments.displayName("C:\\Users\\me\\pin.pdf")).isEqualTo("pin.pdf");
        assertThat(KycDocuments.displayName("a\u0000b\r\n.pdf")).isEqualTo("ab.pdf");
        assertThat(KycDocuments.displayName(null)).isEqualTo("document");
    }
}
