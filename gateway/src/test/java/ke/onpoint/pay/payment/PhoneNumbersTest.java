package ke.onpoint.pay.payment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0712345678       | 254712345678",
                "0112345678       | 254112345678",
                "+254712345678    | 254712345678",
                "254712345678     | 254712345678",
                "+254112345678    | 254112345678",
                "254112345678     | 254112345678",
                "0712 345 678     | 254712345678",
                "0712-345-678     | 254712345678",
                "+254 712 345 678 | 254712345678",
                "254-712-345-678  | 254712345678",
                "'  0712345678  ' | 254712345678",
            })
    void kenyanMobileFormsNormaliseToMsisdn(String input, String expected) {
        assertThat(PhoneNumbers.normalise(input)).contains(expected);
    }

    @Test
    void tabsCountAsSeparators() {
        assertThat(PhoneNumbers.normalise("0712\t345\t678")).contains("254712345678");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is rejected")
    @ValueSource(
            strings = {
                "0201234567", // Nairobi landline
                "+254201234567", // landline in international form
                "071234567", // one digit short
                "07123456789", // one digit long
                "2547123456789", // one digit long, international
                "712345678", // no prefix
                "+255712345678", // Tanzania
                "+14155552671", // USA
                "00254712345678", // international call prefix
                "+0712345678", // plus on a local number
                "07123456ab", // letters
                "07l2345678", // letter l for digit 1
                "0712.345.678", // dots are not separators
                "(0712) 345678", // brackets are not separators
                "0712345678 ext 1", // trailing text
                "   ",
            })
    void nonMobileOrMalformedNumbersAreRejected(String input) {
        assertThat(PhoneNumbers.normalise(input)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nullAndEmptyAreRejected(String input) {
        assertThat(PhoneNumbers.normalise(input)).isEmpty();
    }

    @Test
    void inputLongerThanTwentyCharactersIsRejectedBeforeStrippingSeparators() {
        String padded = "0 7 1 2 3 4 5 6 7 8 "; // 20 characters: accepted
        assertThat(PhoneNumbers.normalise(padded)).contains("254712345678");
        assertThat(PhoneNumbers.normalise(padded + " ")).isEmpty(); // 21 characters
        assertThat(PhoneNumbers.normalise("0712345678".repeat(3))).isEmpty();
    }

    @Test
    void nonAsciiDigitsAreRejected() {
        assertThat(PhoneNumbers.normalise("\u0660\u0667\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668"))
                .isEmpty();
    }

    @Test
    void maskKeepsTheFirstFourAndLastTwoDigits() {
        assertThat(PhoneNumbers.mask("254712345678")).isEqualTo("2547******78");
    }

    @Test
    void maskLeavesShortOrNullValuesAlone() {
        assertThat(PhoneNumbers.mask(null)).isNull();
        assertThat(PhoneNumbers.mask("1234567")).isEqualTo("1234567");
    }

    @Test
    void maskOfEightCharactersHidesTheMiddleTwo() {
        assertThat(PhoneNumbers.mask("12345678")).isEqualTo("1234**78");
    }
}
