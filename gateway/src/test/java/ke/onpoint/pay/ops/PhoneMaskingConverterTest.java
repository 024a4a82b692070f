package ke.onpoint.pay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneMaskingConverterTest {

    @Test
    void internationalNumberInTextIsMasked() {
        assertThat(PhoneMaskingConverter.mask("STK push to 254712345678 accepted"))
                .isEqualTo("STK push to 2547******78 accepted");
    }

    @Test
    void plusPrefixedNumberKeepsItsPlus() {
        assertThat(PhoneMaskingConverter.mask("phone=+254712345678;")).isEqualTo("phone=+2547******78;");
    }

    @Test
    void localNumberIsMasked() {
        assertThat(PhoneMaskingConverter.mask("customer 0712345678 cancelled"))
                .isEqualTo("customer 07******78 cancelled");
    }

    @Test
    void newOneHundredSeriesNumberIsMasked() {
        assertThat(PhoneMaskingConverter.mask("customer 0112345678 and 254112345678"))
                .isEqualTo("customer 01******78 and 2541******78");
    }

    @Test
    void messageThatIsOnlyANumberIsMasked() {
        assertThat(PhoneMaskingConverter.mask("0712345678")).isEqualTo("07******78");
    }

    @Test
    void numericPhoneInCallbackJsonIsMasked() {
        assertThat(PhoneMaskingConverter.mask("{\"Name\":\"PhoneNumber\",\"Value\":254708374149}"))
                .isEqualTo("{\"Name\":\"PhoneNumber\",\"Value\":2547******49}");
    }

    @Test
    void everyNumberInAMessageIsMasked() {
        assertThat(PhoneMaskingConverter.mask("from 254712345678 to 0798765432"))
                .isEqualTo("from 2547******78 to 07******32");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "id 25471234567812345678 done", // 20 digits that start like a phone
                "id 12345678901234567890 done", // 20 digits
                "amount 10000 KES",
                "receipt NLJ7RT61SV",
                "TransactionDate 20191219102115",
                "CheckoutRequestID ws_CO_191220191020363925",
                "landline 0201234567",
                "too long 2547123456789",
                "too short 071234567",
            })
    void nonPhoneNumbersAreLeftAlone(String message) {
        assertThat(PhoneMaskingConverter.mask(message)).isEqualTo(message);
    }

    @Test
    void nullAndShortMessagesAreReturnedAsIs() {
        assertThat(PhoneMaskingConverter.mask(null)).isNull();
        assertThat(PhoneMaskingConverter.mask("")).isEmpty();
        assertThat(PhoneMaskingConverter.mask("071234567")).isEqualTo("071234567");
    }
}
