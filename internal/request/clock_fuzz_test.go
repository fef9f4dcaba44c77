package request_test

import (
	"testing"

	"gongkai/internal/civil"
	"gongkai/internal/request"
	"gongkai/internal/workday"
)

// fuzzEvents turns bytes into a plausible sequence of clock events from a
// receipt in 2024–2026.
func fuzzEvents(data []byte) []request.ClockEvent {
	if len(data) < 2 {
		return nil
	}
	start := civil.D(2024, 1, 1).AddDays(int(data[0]) * 4)
	evs := []request.ClockEvent{{Kind: request.EventReceived, On: start}}
	on := start
	var id int64
	for _, b := range data[1:] {
		on = on.AddDays(int(b>>3) % 10)
		switch b & 7 {
		case 0, 1:
			id++
			evs = append(evs, request.ClockEvent{ID: id, Kind: request.EventConsultationSent, On: on})
		case 2:
			if id > 0 {
				evs = append(evs, request.ClockEvent{Kind: request.EventConsultationAnswered, On: on, Ref: id})
			}
		case 3:
			evs = append(evs, request.ClockEvent{Kind: request.EventExtension, On: on, Days: int(b>>3)%20 + 1})
		case 4:
			evs = append(evs, request.ClockEvent{Kind: request.EventFeeNotified, On: on})
		case 5:
			evs = append(evs, request.ClockEvent{Kind: request.EventFeePaid, On: on})
		case 6:
			evs = append(evs, request.ClockEvent{Kind: request.EventCorrectionRequested, On: on, Deadline: on.AddDays(15)})
		case 7:
			evs = append(evs, request.ClockEvent{Kind: request.EventCorrectionReceived, On: on})
		}
	}
	return evs
}

// FuzzClock checks that the due date never precedes the receipt (nor the
// day the clock last started), and that one more pause (a consultation,
// answered or not, a fee notice, paid or not) or extension after the
// events so far moves it only forward — strictly forward for an extension
// that was counted.
func FuzzClock(f *testing.F) {
	f.Add([]byte{10, 8, 18, 3, 4, 5}, uint8(3))
	f.Add([]byte{200, 6, 7, 0, 2, 3}, uint8(8))
	f.Add([]byte{60, 0, 1, 9, 10, 11}, uint8(41))
	f.Add([]byte{255, 3, 3, 3, 0, 4}, uint8(7))    // into 2027, extensions over 20 days
	f.Add([]byte{9, 6, 110, 7, 24, 2}, uint8(100)) // 2024 春节, correction then consultation
	cal := workday.Builtin()
	f.Fuzz(func(t *testing.T, data []byte, extra uint8) {
		evs := fuzzEvents(data)
		if evs == nil {
			return
		}
		receipt := evs[0].On
		today := evs[len(evs)-1].On.AddDays(3)
		c := request.Compute(cal, request.ClockRules{}, evs, today)
		if c.Start.Before(receipt) {
			t.Fatalf("start %s before receipt %s", c.Start, receipt)
		}
		if c.Due.IsZero() {
			if c.Phase != request.PhaseCorrection {
				t.Fatalf("no due date in phase %s", c.Phase)
			}
			return
		}
		if !c.Due.After(c.Start) || !c.Due.After(receipt) {
			t.Fatalf("due %s not after start %s / receipt %s", c.Due, c.Start, receipt)
		}
		if c.Overdue != (c.DaysLeft < 0) && !(c.Overdue && c.DaysLeft == 0) {
			t.Fatalf("overdue %v with %d days left", c.Overdue, c.DaysLeft)
		}
		// One more pause or extension, at a day after the last event.
		at := evs[len(evs)-1].On.AddDays(int(extra) % 30)
		more := []request.ClockEvent{}
		switch extra % 5 {
		case 0:
			more = append(more, request.ClockEvent{ID: 1000, Kind: request.EventConsultationSent, On: at})
		case 1:
			more = append(more, request.ClockEvent{ID: 1000, Kind: request.EventConsultationSent, On: at},
				request.ClockEvent{Kind: request.EventConsultationAnswered, On: at.AddDays(int(extra) % 11), Ref: 1000})
		case 2:
			more = append(more, request.ClockEvent{Kind: request.EventFeeNotified, On: at})
		case 3:
			more = append(more, request.ClockEvent{Kind: request.EventFeeNotified, On: at},
				request.ClockEvent{Kind: request.EventFeePaid, On: at.AddDays(int(extra) % 13)})
		default:
			more = append(more, request.ClockEvent{Kind: request.EventExtension, On: at, Days: int(extra)%20 + 1})
		}
		c2 := request.Compute(cal, request.ClockRules{}, append(evs[:len(evs):len(evs)], more...), today)
		if c2.Due.IsZero() {
			t.Fatalf("adding %+v lost the due date (was %s)", more, c.Due)
		}
		if c2.Due.Before(c.Due) {
			t.Fatalf("adding %+v moved due from %s to %s", more, c.Due, c2.Due)
		}
		if last := c2.Steps[len(c2.Steps)-1]; more[0].Kind == request.EventExtension && last.Days > 0 && !c2.Due.After(c.Due) {
			t.Fatalf("extension %+v counted %d days but due stayed %s", more[0], last.Days, c2.Due)
		}
	})
}
