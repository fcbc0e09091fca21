namespace BatchLab.Text;

/// <summary>How <see cref="NumberFormat"/> writes a finite number.</summary>
public enum NumberStyle
{
    /// <summary>Digits significant digits, thousands separators, trailing zeros dropped; as a power of ten (1.23×10⁻⁴) below 0.001 and from 10^15.</summary>
    Significant,

    /// <summary>A fraction as a percentage with Digits decimals: 0.0213 → "2.1%".</summary>
    Percent,

    /// <summary>Rounded to a whole number with thousands separators: 60000 → "60,000".</summary>
    Integer,

    /// <summary>Exactly Digits decimals, thousands separators.</summary>
    Fixed,

    /// <summary>Digits significant digits as mantissa and power of ten: 0.000123 → "1.23×10⁻⁴".</summary>
    Scientific,

    /// <summary>Seconds as a duration: "0.35 s", "12.3 s", "14 min 05 s", "2 h 03 min".</summary>
    Duration,

    /// <summary>2^k for an exact power of two (a per-sample learning rate η̃ = 2^-10), else three significant digits.</summary>
    PowerOfTwo,
}
