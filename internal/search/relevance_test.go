package search

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"gongkai/internal/store"
	"gongkai/internal/store/storetest"
)

// relevanceCase is one query of testdata/relevance.json.
type relevanceCase struct {
	Q       string   `json:"q"`
	Must    []string `json:"must"`
	MustNot []string `json:"must_not"`
}

// TestRelevance runs the relevance set over the corpus: the listed
// documents must and must not come back; recall against the plain truth
// (the document contains every query word as a substring of its title or
// body, and no excluded word) is at least 0.95 for every query; and every
// result contains every query word or a listed synonym of it.
func TestRelevance(t *testing.T) {
	b, err := os.ReadFile("testdata/relevance.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []relevanceCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := load(t, db)
		for _, c := range cases {
			res := f.search(t, Request{Q: c.Q, PerPage: 100})
			got := f.hitKeys(res)
			for _, k := range c.Must {
				if !slices.Contains(got, k) {
					t.Errorf("%q: %s missing from %v", c.Q, k, got)
				}
			}
			for _, k := range c.MustNot {
				if slices.Contains(got, k) {
					t.Errorf("%q: %s must not be in %v", c.Q, k, got)
				}
			}
			// Recall against substring truth, over published documents.
			var truth []string
			for _, d := range f.docs {
				if (d.State == "" || d.State == "published") && containsAll(d.Title+" "+htmlText(d.Body), res.Query) {
					truth = append(truth, d.Key)
				}
			}
			found := 0
			for _, k := range truth {
				if slices.Contains(got, k) {
					found++
				}
			}
			if len(truth) > 0 {
				if r := float64(found) / float64(len(truth)); r < 0.95 {
					t.Errorf("%q: recall %.2f: truth %v, got %v", c.Q, r, truth, got)
				}
			}
			// Precision: every result has every word or a synonym of it.
			for _, k := range got {
				d := f.doc(k)
				text := strings.ToLower(strings.Join([]string{d.Title, htmlText(d.Body), d.DocNo, d.Keywords, d.Attachment}, " "))
				for _, term := range res.Query.Terms {
					if !strings.Contains(text, strings.ToLower(term.Text)) && !containsAny(text, synonyms(term.Text)) {
						t.Errorf("%q: result %s lacks %q", c.Q, k, term.Text)
					}
				}
				for _, term := range res.Query.Excluded {
					if strings.Contains(text, strings.ToLower(term.Text)) {
						t.Errorf("%q: result %s has excluded %q", c.Q, k, term.Text)
					}
				}
			}
		}
	})
}

func containsAll(text string, q Query) bool {
	text = strings.ToLower(text)
	for _, t := range q.Terms {
		if !strings.Contains(text, strings.ToLower(t.Text)) {
			return false
		}
	}
	for _, t := range q.Excluded {
		if strings.Contains(text, strings.ToLower(t.Text)) {
			return false
		}
	}
	return true
}

func containsAny(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

func (f *fixture) doc(key string) corpusDoc {
	for _, d := range f.docs {
		if d.Key == key {
			return d
		}
	}
	return corpusDoc{}
}
