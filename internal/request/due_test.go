package request

import (
	"strings"
	"testing"
)

// TestDueDatesEvents: the events come out in the order they happened, the
// extension last on the last day; contradicting dates are refused with the
// field named and the caller's names in the message.
func TestDueDatesEvents(t *testing.T) {
	name := func(f string) string { return "<" + f + ">" }
	ev, last, e := DueDates{Received: day("2025-03-03"), ConsultationSent: day("2025-03-20"), ConsultationAnswered: day("2025-03-25"),
		CorrectionRequested: day("2025-03-05"), CorrectionReceived: day("2025-03-14"), Extension: 5}.Events(name)
	if e.Err() != nil {
		t.Fatal(e)
	}
	var kinds []string
	for _, x := range ev {
		kinds = append(kinds, string(x.Kind)+"@"+x.On.String())
	}
	want := "received@2025-03-03 correction_requested@2025-03-05 correction_received@2025-03-14 consultation_sent@2025-03-20 consultation_answered@2025-03-25 extension@2025-03-25"
	if got := strings.Join(kinds, " "); got != want || last != day("2025-03-25") || ev[len(ev)-1].Days != 5 {
		t.Errorf("events %s, last %s\nwant %s", got, last, want)
	}
	for _, tt := range []struct {
		d           DueDates
		field, text string
	}{
		{DueDates{}, DueReceived, "请提供<received>"},
		{DueDates{Received: day("2025-03-03"), CorrectionRequested: day("2025-03-01"), CorrectionReceived: day("2025-03-05")}, DueCorrectionRequested, "<correction_requested> 不能早于 <received>"},
		{DueDates{Received: day("2025-03-03"), CorrectionRequested: day("2025-03-05")}, DueCorrectionReceived, "须同时给出 <correction_received>"},
		{DueDates{Received: day("2025-03-03"), CorrectionReceived: day("2025-03-05")}, DueCorrectionRequested, "须同时给出 <correction_requested>"},
		{DueDates{Received: day("2025-03-03"), CorrectionRequested: day("2025-03-10"), CorrectionReceived: day("2025-03-05")}, DueCorrectionReceived, "不能早于 <correction_requested>"},
		{DueDates{Received: day("2025-03-03"), CorrectionRequested: day("2025-03-05"), CorrectionReceived: day("2025-03-14"), ConsultationSent: day("2025-03-10")}, DueConsultationSent, "不能早于 <correction_received>"},
		{DueDates{Received: day("2025-03-03"), ConsultationAnswered: day("2025-03-10")}, DueConsultationSent, "须同时给出 <third_party_sent>"},
		{DueDates{Received: day("2025-03-03"), ConsultationSent: day("2025-03-10"), ConsultationAnswered: day("2025-03-05")}, DueConsultationAnswered, "不能早于 <third_party_sent>"},
	} {
		ev, _, e := tt.d.Events(name)
		if ev != nil || !strings.Contains(e.For(tt.field), tt.text) {
			t.Errorf("%+v: events %v, problems %v; want %s: %s", tt.d, ev, e, tt.field, tt.text)
		}
	}
}
