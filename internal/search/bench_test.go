package search

import (
	"strings"
	"testing"
)

var benchBody = strings.Repeat("<p>各乡镇人民政府、街道办事处，县直各单位：为做好2025年城乡低保工作，经研究，现就有关事项通知如下。要坚持以人民为中心的发展思想，聚焦群众急难愁盼问题，不断提升城乡居民最低生活保障工作的质量和水平。</p>", 6)

// BenchmarkSegment measures segmenting one demo-sized document.
func BenchmarkSegment(b *testing.B) {
	d := Doc{ID: 1, Title: "青山县民政局关于调整城乡居民最低生活保障标准的通知", DocNo: "青民发〔2025〕3号", Keywords: "低保 救助", BodyHTML: benchBody}
	segment(d)
	b.SetBytes(int64(len(d.BodyHTML)))
	b.ResetTimer()
	for b.Loop() {
		segment(d)
	}
}
