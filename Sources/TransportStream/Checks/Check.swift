// The indicators the validator counts: ETSI TR 101 290 V1.4.1 (clause 5.2, tables 5.0a-5.0c)
// in the standard's order, spelled as the standard spells them, then a few extra checks of
// our own that a pre-flight check of a recording benefits from.

/// One counted condition: a TR 101 290 indicator or one of Tandem's extra checks.
public enum Check: Int, CaseIterable {
    /// First priority (TR 101 290 table 5.0a): 1.1 to 1.6.
    case tsSyncLoss = 0, syncByteError, patError, patError2, continuityCountError, pmtError,
         pmtError2, pidError
    /// Second priority (table 5.0b): 2.1 to 2.6.
    case transportError, crcError, pcrError, pcrRepetitionError,
         pcrDiscontinuityIndicatorError, pcrAccuracyError, ptsError, catError
    /// Third priority (table 5.0c): 3.1 to 3.10.
    case nitError, nitActualError, nitOtherError, siRepetitionError, bufferError,
         unreferencedPID, sdtError, sdtActualError, sdtOtherError, eitError, eitActualError,
         eitOtherError, eitPFError, rstError, tdtError, emptyBufferError, dataDelayError
    /// Tandem's extra checks (X.1 to X.6), see REPORT.md.
    case adaptationFieldError, pesHeaderError, sectionSyntaxError, dtsOrderError,
         dtsBeforePCR, ccSpliceSeam

    /// Number of checks (the size of per-check tables).
    static let count = 39

    /// The indicator number as TR 101 290 writes it ("1.3.a", "2.3b"), or "X.n" for extras.
    public var id: StaticString {
        switch self {
        case .tsSyncLoss: "1.1"
        case .syncByteError: "1.2"
        case .patError: "1.3"
        case .patError2: "1.3.a"
        case .continuityCountError: "1.4"
        case .pmtError: "1.5"
        case .pmtError2: "1.5.a"
        case .pidError: "1.6"
        case .transportError: "2.1"
        case .crcError: "2.2"
        case .pcrError: "2.3"
        case .pcrRepetitionError: "2.3a"
        case .pcrDiscontinuityIndicatorError: "2.3b"
        case .pcrAccuracyError: "2.4"
        case .ptsError: "2.5"
        case .catError: "2.6"
        case .nitError: "3.1"
        case .nitActualError: "3.1.a"
        case .nitOtherError: "3.1.b"
        case .siRepetitionError: "3.2"
        case .bufferError: "3.3"
        case .unreferencedPID: "3.4"
        case .sdtError: "3.5"
        case .sdtActualError: "3.5.a"
        case .sdtOtherError: "3.5.b"
        case .eitError: "3.6"
        case .eitActualError: "3.6.a"
        case .eitOtherError: "3.6.b"
        case .eitPFError: "3.6.c"
        case .rstError: "3.7"
        case .tdtError: "3.8"
        case .emptyBufferError: "3.9"
        case .dataDelayError: "3.10"
        case .adaptationFieldError: "X.1"
        case .pesHeaderError: "X.2"
        case .sectionSyntaxError: "X.3"
        case .dtsOrderError: "X.4"
        case .dtsBeforePCR: "X.5"
        case .ccSpliceSeam: "X.6"
        }
    }

    /// The indicator name exactly as TR 101 290 writes it (extras use the same style).
    public var name: StaticString {
        switch self {
        case .tsSyncLoss: "TS_sync_loss"
        case .syncByteError: "Sync_byte_error"
        case .patError: "PAT_error"
        case .patError2: "PAT_error_2"
        case .continuityCountError: "Continuity_count_error"
        case .pmtError: "PMT_error"
        case .pmtError2: "PMT_error_2"
        case .pidError: "PID_error"
        case .transportError: "Transport_error"
        case .crcError: "CRC_error"
        case .pcrError: "PCR_error"
        case .pcrRepetitionError: "PCR_repetition_error"
        case .pcrDiscontinuityIndicatorError: "PCR_discontinuity_indicator_error"
        case .pcrAccuracyError: "PCR_accuracy_error"
        case .ptsError: "PTS_error"
        case .catError: "CAT_error"
        case .nitError: "NIT_error"
        case .nitActualError: "NIT_actual_error"
        case .nitOtherError: "NIT_other_error"
        case .siRepetitionError: "SI_repetition_error"
        case .bufferError: "Buffer_error"
        case .unreferencedPID: "Unreferenced_PID"
        case .sdtError: "SDT_error"
        case .sdtActualError: "SDT_actual_error"
        case .sdtOtherError: "SDT_other_error"
        case .eitError: "EIT_error"
        case .eitActualError: "EIT_actual_error"
        case .eitOtherError: "EIT_other_error"
        case .eitPFError: "EIT_PF_error"
        case .rstError: "RST_error"
        case .tdtError: "TDT_error"
        case .emptyBufferError: "Empty_buffer_error"
        case .dataDelayError: "Data_delay_error"
        case .adaptationFieldError: "Adaptation_field_error"
        case .pesHeaderError: "PES_header_error"
        case .sectionSyntaxError: "Section_syntax_error"
        case .dtsOrderError: "DTS_order_error"
        case .dtsBeforePCR: "DTS_before_PCR_error"
        case .ccSpliceSeam: "CC_splice_seam"
        }
    }

    /// TR 101 290 priority (1, 2, 3), or 0 for Tandem's extra checks.
    public var priority: UInt8 {
        switch rawValue {
        case 0...7: 1
        case 8...15: 2
        case 16...32: 3
        default: 0
        }
    }

    /// True for checks that need a stream clock (interval limits), so they cannot be decided
    /// without a time base.
    var needsTime: Bool {
        switch self {
        case .patError, .patError2, .pmtError, .pmtError2, .pidError, .pcrRepetitionError,
             .ptsError, .unreferencedPID, .nitError, .nitActualError, .sdtError, .sdtActualError,
             .eitError, .eitActualError, .tdtError, .nitOtherError, .sdtOtherError, .eitOtherError:
            true
        default: false
        }
    }
}

/// What a check concluded for the whole stream.
public enum CheckStatus: UInt8 {
    /// Evaluated, no occurrence.
    case ok
    /// Evaluated, at least one occurrence.
    case error
    /// Cannot be measured on this input (e.g. PCR accuracy of a variable-bitrate file
    /// without arrival times); a zero count would be a false claim.
    case notApplicable
    /// Not evaluated by this profile or not implemented.
    case notChecked
    /// Could be evaluated in principle, but the stream did not carry enough of what it needs
    /// (no sync, no time base, no PCR triples).
    case insufficientData

    /// The status as written into the report.
    public var text: StaticString {
        switch self {
        case .ok: "ok"
        case .error: "error"
        case .notApplicable: "not_applicable"
        case .notChecked: "not_checked"
        case .insufficientData: "insufficient_data"
        }
    }
}

/// Why an occurrence was counted (several indicators have more than one precondition).
public enum Reason: UInt8 {
    /// No particular precondition.
    case none = 0
    /// Preconditions of the TR 101 290 indicators and the extra checks (see `text`).
    case interval, tableID, scrambled, lost, thirdCopy, duplicateMismatch, noPayloadIncrement
    case missing, step, backwards, deviation, noCAT, crc, length, pointerField, startCode
    case tooClose, notReferenced, lateDTS, splice, headerLength
    case sectionMissing, sectionNumber

    /// The reason as written into events.
    public var text: StaticString {
        switch self {
        case .none: "none"
        case .interval: "interval_exceeded"
        case .tableID: "unexpected_table_id"
        case .scrambled: "scrambled"
        case .lost: "discontinuity"
        case .thirdCopy: "packet_more_than_twice"
        case .duplicateMismatch: "duplicate_not_identical"
        case .noPayloadIncrement: "changed_without_payload"
        case .missing: "never_occurred"
        case .step: "step_out_of_range"
        case .backwards: "backwards"
        case .deviation: "deviation"
        case .noCAT: "scrambled_without_cat"
        case .crc: "crc_mismatch"
        case .length: "bad_length"
        case .pointerField: "bad_pointer_field"
        case .startCode: "bad_start_code"
        case .tooClose: "interval_too_short"
        case .notReferenced: "not_referenced"
        case .lateDTS: "decode_time_passed"
        case .splice: "cc_errors_on_several_pids"
        case .headerLength: "bad_header_length"
        case .sectionMissing: "section_missing"
        case .sectionNumber: "section_number_out_of_range"
        }
    }
}
