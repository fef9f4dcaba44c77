package request

import (
	"sort"

	"gongkai/internal/civil"
	"gongkai/internal/valid"
)

// DueDates are the dates a person gives to check a reply's due date by
// hand (`gongkai workdays due`, GET /api/v1/workdays/due): the receipt, a
// correction, a third-party consultation, and an approved extension.
type DueDates struct {
	Received, CorrectionRequested, CorrectionReceived civil.Date
	ConsultationSent, ConsultationAnswered            civil.Date
	Extension                                         int // working days, checked by the caller against MaxExtensionDays
}

// The fields of DueDates as its problems name them.
const (
	DueReceived             = "received"
	DueCorrectionRequested  = "correction_requested"
	DueCorrectionReceived   = "correction_received"
	DueConsultationSent     = "third_party_sent"
	DueConsultationAnswered = "third_party_answered"
)

// dueOrder breaks ties between events of one day: the receipt first.
var dueOrder = map[EventKind]int{
	EventReceived: 0, EventCorrectionRequested: 1, EventCorrectionReceived: 2,
	EventConsultationSent: 3, EventConsultationAnswered: 4,
}

// Events checks d by Articles 30–33 and returns the clock's events in the
// order they happened, with the extension after them, and the last of the
// days (the day to run the clock on). name says how the caller calls a
// field (a flag, a query parameter) in the messages; the problems are keyed
// by the Due* field names.
func (d DueDates) Events(name func(field string) string) ([]ClockEvent, civil.Date, *valid.Errors) {
	e := &valid.Errors{}
	if d.Received.IsZero() {
		e.Add(DueReceived, "请提供"+name(DueReceived)+"（收到申请的日期，第 0 日）")
		return nil, civil.Date{}, e
	}
	events := []ClockEvent{{ID: 1, Kind: EventReceived, On: d.Received, Ref: 1}}
	for _, f := range []struct {
		field string
		on    civil.Date
		kind  EventKind
	}{
		{DueCorrectionRequested, d.CorrectionRequested, EventCorrectionRequested},
		{DueCorrectionReceived, d.CorrectionReceived, EventCorrectionReceived},
		{DueConsultationSent, d.ConsultationSent, EventConsultationSent},
		{DueConsultationAnswered, d.ConsultationAnswered, EventConsultationAnswered},
	} {
		if f.on.IsZero() {
			continue
		}
		if f.on.Before(d.Received) {
			e.Add(f.field, name(f.field)+" 不能早于 "+name(DueReceived))
		}
		events = append(events, ClockEvent{ID: 1, Kind: f.kind, On: f.on, Ref: 1})
	}
	requested, received := !d.CorrectionRequested.IsZero(), !d.CorrectionReceived.IsZero()
	if requested && !received {
		e.Add(DueCorrectionReceived, "给出 "+name(DueCorrectionRequested)+" 时须同时给出 "+name(DueCorrectionReceived)+"：补正前期限停止计算")
	}
	if received && !requested {
		e.Add(DueCorrectionRequested, "给出 "+name(DueCorrectionReceived)+" 时须同时给出 "+name(DueCorrectionRequested))
	}
	if !d.ConsultationAnswered.IsZero() && d.ConsultationSent.IsZero() {
		e.Add(DueConsultationSent, "给出 "+name(DueConsultationAnswered)+" 时须同时给出 "+name(DueConsultationSent))
	}
	if received {
		if d.CorrectionReceived.Before(d.CorrectionRequested) {
			e.Add(DueCorrectionReceived, name(DueCorrectionReceived)+" 不能早于 "+name(DueCorrectionRequested)+"：收到补正应在发出补正告知之后")
		}
		// Art. 30: the period restarts from the corrected application; a
		// consultation is about the application as corrected.
		if !d.ConsultationSent.IsZero() && d.ConsultationSent.Before(d.CorrectionReceived) {
			e.Add(DueConsultationSent, name(DueConsultationSent)+" 不能早于 "+name(DueCorrectionReceived)+"：补正后期限重新起算，征求意见应在收到补正之后")
		}
	}
	if !d.ConsultationAnswered.IsZero() && d.ConsultationAnswered.Before(d.ConsultationSent) {
		e.Add(DueConsultationAnswered, name(DueConsultationAnswered)+" 不能早于 "+name(DueConsultationSent)+"：答复应在征求意见之后")
	}
	if len(e.Problems) > 0 {
		return nil, civil.Date{}, e
	}
	sort.SliceStable(events, func(i, j int) bool {
		if events[i].On != events[j].On {
			return events[i].On.Before(events[j].On)
		}
		return dueOrder[events[i].Kind] < dueOrder[events[j].Kind]
	})
	last := events[len(events)-1].On
	if d.Extension > 0 {
		// After the last event: a correction drops the extensions before it.
		events = append(events, ClockEvent{Kind: EventExtension, On: last, Days: d.Extension})
	}
	return events, last, e
}
