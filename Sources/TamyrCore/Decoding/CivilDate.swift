/// Proleptic Gregorian calendar arithmetic on integers.
enum CivilDate {
    /// Days from 1970-01-01 to the given date (negative before it).
    ///
    /// Howard Hinnant's `days_from_civil`
    /// (https://howardhinnant.github.io/date_algorithms.html): exact for every
    /// year representable here, with no tables and no floating point.
    ///
    /// - Precondition: `1 <= month <= 12`, `1 <= day <= daysInMonth(year, month)`.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year  // years start in March here, so Feb 29 is last
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400  // 0 ... 399
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1  // 0 ... 365
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear  // 0 ... 146096
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days in `month` (1-12) of `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Whether `year` has a February 29 in the proleptic Gregorian calendar.
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }
}
