/// The built-in picture of Kazakhstan's e-government services: which services each domain
/// offers, how popular they are, how long they take and how often they fail.
///
/// Contract: every service name is 1-64 bytes of `a-z 0-9 . _ -` and starts with a lowercase
/// letter (the out-of-range generator relies on the latter to make an uppercase variant).
/// Within a domain, services are listed by popularity and drawn with Zipf-like weights
/// (1000 / rank), so the first few dominate the `top_services` of a KPI record.
enum ServiceCatalog {
    /// One service's behaviour.
    struct Service: Sendable {
        let name: String
        /// Median processing time and log-normal shape; medians range from tens of
        /// milliseconds (look-ups) to seconds (declarations that go through risk checks).
        let medianMs: Double
        let sigma: Double
        /// Business outcomes in basis points; the rest is `ok`.
        let failedBasisPoints: UInt64
        let rejectedBasisPoints: UInt64
        /// Share of events (basis points) that name an applicant; anonymous look-ups send fewer.
        let applicantBasisPoints: UInt64
        /// Present for payment-like services only: they carry `amount`, the others never do.
        let amount: AmountModel?
    }

    /// How a payment-like service's amounts in KZT are distributed.
    struct AmountModel: Sendable {
        let medianTenge: Double
        let sigma: Double
        let minimumTenge: Int64
        let maximumTenge: Int64
        /// Share (basis points) of amounts that are whole tenge, as fees and prices usually are.
        let wholeTengeBasisPoints: UInt64
    }

    /// One domain's catalog and its share of traffic relative to the others.
    struct Domain: Sendable {
        let weight: UInt64
        let services: [Service]
    }

    /// The catalog for a configured domain name: the built-in one for `customs`, `tax` and
    /// `ecommerce`, a generic government-service catalog for anything else.
    static func domain(named name: String) -> Domain {
        switch name {
        case "customs": return customs
        case "tax": return tax
        case "ecommerce": return ecommerce
        default: return generic
        }
    }

    // Weights 25/45/30 for the three default domains: tax services (certificates, payments)
    // are the most used public services, customs the least.
    static let customs = Domain(weight: 25, services: [
        Service(name: "import-declaration", medianMs: 2600, sigma: 0.7, failedBasisPoints: 450,
                rejectedBasisPoints: 400, applicantBasisPoints: 9800, amount: nil),
        Service(name: "export-declaration", medianMs: 2100, sigma: 0.65, failedBasisPoints: 350,
                rejectedBasisPoints: 300, applicantBasisPoints: 9800, amount: nil),
        Service(name: "customs-payment", medianMs: 900, sigma: 0.5, failedBasisPoints: 300,
                rejectedBasisPoints: 80, applicantBasisPoints: 9900,
                amount: AmountModel(medianTenge: 185_000, sigma: 1.3, minimumTenge: 500,
                                    maximumTenge: 250_000_000, wholeTengeBasisPoints: 4000)),
        Service(name: "transit-declaration", medianMs: 1800, sigma: 0.6, failedBasisPoints: 400,
                rejectedBasisPoints: 300, applicantBasisPoints: 9700, amount: nil),
        Service(name: "certificate-of-origin", medianMs: 3800, sigma: 0.8, failedBasisPoints: 300,
                rejectedBasisPoints: 500, applicantBasisPoints: 9900, amount: nil),
        Service(name: "temporary-import-permit", medianMs: 4500, sigma: 0.9, failedBasisPoints: 500,
                rejectedBasisPoints: 600, applicantBasisPoints: 9900, amount: nil),
    ])

    static let tax = Domain(weight: 45, services: [
        Service(name: "tax-certificate", medianMs: 140, sigma: 0.5, failedBasisPoints: 250,
                rejectedBasisPoints: 50, applicantBasisPoints: 9500, amount: nil),
        Service(name: "income-declaration", medianMs: 1600, sigma: 0.8, failedBasisPoints: 400,
                rejectedBasisPoints: 300, applicantBasisPoints: 9900, amount: nil),
        Service(name: "property-tax-payment", medianMs: 700, sigma: 0.5, failedBasisPoints: 400,
                rejectedBasisPoints: 100, applicantBasisPoints: 9900,
                amount: AmountModel(medianTenge: 6_500, sigma: 1.0, minimumTenge: 100,
                                    maximumTenge: 5_000_000, wholeTengeBasisPoints: 5000)),
        Service(name: "vat-return", medianMs: 2400, sigma: 0.7, failedBasisPoints: 500,
                rejectedBasisPoints: 350, applicantBasisPoints: 9900,
                amount: AmountModel(medianTenge: 420_000, sigma: 1.5, minimumTenge: 1_000,
                                    maximumTenge: 500_000_000, wholeTengeBasisPoints: 2000)),
        Service(name: "taxpayer-registration", medianMs: 1900, sigma: 0.6, failedBasisPoints: 300,
                rejectedBasisPoints: 400, applicantBasisPoints: 9900, amount: nil),
        Service(name: "vehicle-tax-payment", medianMs: 650, sigma: 0.5, failedBasisPoints: 400,
                rejectedBasisPoints: 100, applicantBasisPoints: 9900,
                amount: AmountModel(medianTenge: 12_000, sigma: 0.9, minimumTenge: 300,
                                    maximumTenge: 3_000_000, wholeTengeBasisPoints: 5000)),
        Service(name: "tax-debt-inquiry", medianMs: 90, sigma: 0.4, failedBasisPoints: 200,
                rejectedBasisPoints: 20, applicantBasisPoints: 8000, amount: nil),
        Service(name: "esf-invoice-issue", medianMs: 450, sigma: 0.6, failedBasisPoints: 500,
                rejectedBasisPoints: 200, applicantBasisPoints: 9900, amount: nil),
    ])

    static let ecommerce = Domain(weight: 30, services: [
        Service(name: "marketplace-order", medianMs: 380, sigma: 0.6, failedBasisPoints: 400,
                rejectedBasisPoints: 150, applicantBasisPoints: 9000,
                amount: AmountModel(medianTenge: 14_000, sigma: 1.1, minimumTenge: 200,
                                    maximumTenge: 5_000_000, wholeTengeBasisPoints: 7000)),
        Service(name: "payment-gateway", medianMs: 520, sigma: 0.5, failedBasisPoints: 600,
                rejectedBasisPoints: 250, applicantBasisPoints: 9500,
                amount: AmountModel(medianTenge: 9_000, sigma: 1.2, minimumTenge: 100,
                                    maximumTenge: 10_000_000, wholeTengeBasisPoints: 3000)),
        Service(name: "delivery-tracking", medianMs: 45, sigma: 0.5, failedBasisPoints: 200,
                rejectedBasisPoints: 10, applicantBasisPoints: 6000, amount: nil),
        Service(name: "product-listing", medianMs: 120, sigma: 0.6, failedBasisPoints: 250,
                rejectedBasisPoints: 150, applicantBasisPoints: 9000, amount: nil),
        Service(name: "refund", medianMs: 900, sigma: 0.7, failedBasisPoints: 400,
                rejectedBasisPoints: 400, applicantBasisPoints: 9800,
                amount: AmountModel(medianTenge: 11_000, sigma: 1.0, minimumTenge: 100,
                                    maximumTenge: 3_000_000, wholeTengeBasisPoints: 3000)),
        Service(name: "seller-registration", medianMs: 2200, sigma: 0.8, failedBasisPoints: 400,
                rejectedBasisPoints: 600, applicantBasisPoints: 9900, amount: nil),
    ])

    // For configured domains the module knows nothing about: the services almost every
    // e-government domain has, weighted like an average domain.
    static let generic = Domain(weight: 33, services: [
        Service(name: "status-inquiry", medianMs: 110, sigma: 0.5, failedBasisPoints: 200,
                rejectedBasisPoints: 50, applicantBasisPoints: 8500, amount: nil),
        Service(name: "certificate-issue", medianMs: 450, sigma: 0.6, failedBasisPoints: 300,
                rejectedBasisPoints: 150, applicantBasisPoints: 9900, amount: nil),
        Service(name: "application-submission", medianMs: 1500, sigma: 0.7, failedBasisPoints: 400,
                rejectedBasisPoints: 400, applicantBasisPoints: 9900, amount: nil),
        Service(name: "fee-payment", medianMs: 700, sigma: 0.5, failedBasisPoints: 400,
                rejectedBasisPoints: 100, applicantBasisPoints: 9900,
                amount: AmountModel(medianTenge: 2_500, sigma: 0.8, minimumTenge: 100,
                                    maximumTenge: 1_000_000, wholeTengeBasisPoints: 6000)),
        Service(name: "appointment-booking", medianMs: 300, sigma: 0.5, failedBasisPoints: 300,
                rejectedBasisPoints: 200, applicantBasisPoints: 9900, amount: nil),
        Service(name: "document-renewal", medianMs: 2000, sigma: 0.8, failedBasisPoints: 400,
                rejectedBasisPoints: 500, applicantBasisPoints: 9900, amount: nil),
    ])
}
