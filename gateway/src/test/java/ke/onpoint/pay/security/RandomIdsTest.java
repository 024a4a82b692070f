package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomIdsTest {

    @Test
    void randomBase62HasTheRequestedLengthAndAlphabet() {
        assertThat(RandomIds.base62(200)).hasSize(200).matches("[0-9A-Za-z]+");
        assertThat(RandomIds.base62(0)).isEmpty();
    }
}
