package ke.onpoint.pay.settlement;

/** Where a merchant's money goes. Stored encrypted; {@link #display()} is the masked form shown back. */
public sealed interface PayoutDestination {

    /** As stored in {@code payout_destinations.type}. */
    String type();

    /** Masked for display: never the whole number. */
    String display();

    /** An M-Pesa phone, paid by Daraja B2C; {@code phone} is 2547XXXXXXXX or 2541XXXXXXXX. */
    record MpesaPhone(String phone) implements PayoutDestination {
        public String type() {
            return "mpesa_phone";
        }

        public String display() {
            return "M-Pesa " + mask(phone);
        }
    }

    /** A paybill and the account at it, paid by Daraja B2B (BusinessPayBill). */
    record Paybill(String shortcode, String accountNumber) implements PayoutDestination {
        public String type() {
            return "paybill";
        }

        public String display() {
            return "Paybill " + shortcode + " account " + mask(accountNumber);
        }
    }

    /** A till (Buy Goods), paid by Daraja B2B (BusinessBuyGoods). */
    record Till(String till) implements PayoutDestination {
        public String type() {
            return "till";
        }

        public String display() {
            return "Till " + till;
        }
    }

    /** A bank account, paid by Paystack Transfers. */
    record BankAccount(String bankCode, String accountNumber, String accountName) implements PayoutDestination {
        public String type() {
            return "bank_account";
        }

        public String display() {
            return "Bank " + bankCode + " " + mask(accountNumber);
        }
    }

    /** Keeps the first 4 and last 3 characters of long numbers, the last 2 of short ones. */
    private static String mask(String value) {
        if (value.length() > 8) {
            return value.substring(0, 4) + "•".repeat(value.length() - 7) + value.substring(value.length() - 3);
        }
        return "•".repeat(Math.max(0, value.length() - 2)) + value.substring(Math.max(0, value.length() - 2));
    }
}
