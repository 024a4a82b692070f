package ke.onpoint.pay.mpesa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class MpesaStatementTest {

    @Test
    void theCurrentLayoutWithMetadataLinesQuotedCellsAndNegativeWithdrawals() {
        String csv = "\uFEFFOrganization Name:,Shop\r\nTime Period:,From,16-01-2024 00:00:00,To,16-01-2024 23:59:59\r\n"
                + "Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,Withdrawn,Balance,"
                + "Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.\r\n"
                + "RA1,16-01-2024 10:15:00,16-01-2024 10:15:00,\"Pay Bill from 2547 - A, B\",Completed,\"1,000.50\",,1,"
                + "TRUE,Pay Utility,2547 - A B,,ACC\r\n"
                + "RA2,16-01-2024 11:00,16-01-2024 11:00,Reversal of RA1,Completed,,-1000.50,0,true,Reversal,,RA1,\r\n";
        MpesaStatement.Parsed parsed = MpesaStatement.parse(csv);
        assertThat(parsed.periodFrom()).contains(Instant.parse("2024-01-15T21:00:00Z"));
        assertThat(parsed.rows()).hasSize(2);
        assertThat(parsed.rows().get(0).paidInMinor()).isEqualTo(100_050);
        assertThat(parsed.rows().get(0).completedAt()).isEqualTo(Instant.parse("2024-01-16T07:15:00Z"));
        assertThat(parsed.rows().get(1).withdrawnMinor()).isEqualTo(100_050);
        assertThat(parsed.rows().get(1).reversal()).isTrue();
        assertThat(parsed.rows().get(1).linkedTransactionId()).isEqualTo("RA1");
    }

    @Test
    void theOlderLayoutWithWithdrawnBeforePaidInAndIsoTimes() {
        String csv = "Receipt,Date,Details,Status,Withdrawn,Paid In,Balance,Balance Confirmed,Transaction Type,"
                + "Other Party Info,Transaction Party Details\n"
                + "RB1,2024-01-16 09:00:00,Pay Bill from 0722,Completed,,250.00,250.00,true,Pay Utility,0722 - X,\n";
        MpesaStatement.Row row = MpesaStatement.parse(csv).rows().get(0);
        assertThat(row.paidInMinor()).isEqualTo(25_000);
        assertThat(row.withdrawnMinor()).isZero();
        assertThat(row.reasonType()).isEqualTo("Pay Utility");
    }

    @Test
    void theTimeOfDayOnlyCompletionTimeTakesTheInitiationDate() {
        String csv = "Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,Withdrawn\n"
                + "RC1,15:50,20-04-2017 15:50,Pay Bill,Completed,100,\n";
        assertThat(MpesaStatement.parse(csv).rows().get(0).completedAt())
                .isEqualTo(Instant.parse("2017-04-20T12:50:00Z"));
    }

    @Test
    void problemsNameTheLineAndColumn() {
        String header = "Receipt No.,Completion Time,Transaction Status,Paid In,Withdrawn\n";
        assertThatThrownBy(() -> MpesaStatement.parse(header + "R1,16-01-2024 10:00:00,Completed,abc,\n"))
                .isInstanceOfSatisfying(MpesaStatement.Malformed.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo("Paid In");
                });
        assertThatThrownBy(() -> MpesaStatement.parse(header + "R1,yesterday,Completed,1,\n"))
                .isInstanceOfSatisfying(
                        MpesaStatement.Malformed.class,
                        e -> assertThat(e.column()).isEqualTo("Completion Time"));
        assertThatThrownBy(() -> MpesaStatement.parse("Receipt No.,Paid In\nR1,1\n"))
                .isInstanceOfSatisfying(
                        MpesaStatement.Malformed.class,
                        e -> assertThat(e.line()).isEqualTo(1));
        assertThatThrownBy(() -> MpesaStatement.parse("just,some,text\n"))
                .isInstanceOf(MpesaStatement.Malformed.class)
                .hasMessageContaining("Receipt No.");
    }

    @Test
    void accountBalanceIsReadByNameAndItsSecondFigure() {
        String accounts = "Working Account|KES|700000.00|700000.00|0.00|0.00&Utility Account|KES|228037.00|"
                + "228000.00|37.00|0.00&Charges Paid Account|KES|-1540.00|-1540.00|0.00|0.00";
        assertThat(MpesaAccountBalance.available(accounts, "Utility Account")).contains(22_800_000L);
        assertThat(MpesaAccountBalance.available(accounts, "Float Account")).isEmpty();
    }
}
