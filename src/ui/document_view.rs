//! The document view: a virtualised, read-only text view with highlights and a custom selection.
//!
//! Only visible blocks are laid out and painted. Each block's galley is cached with a key made of
//! its highlight runs, the wrap width and the theme, so it is rebuilt only when one of those
//! changes; block heights live in a Fenwick tree ([`Heights`]) so scrolling to any position costs
//! O(log n). Selection is done here, by hit-testing galleys (`Galley::cursor_from_pos`), because a
//! selection must span blocks and be read as document code point offsets.

use super::heights::Heights;
use super::theme;
use crate::annotation::Kind;
use crate::document::Document;
use crate::ui::highlight::{self, Layer, Mark, Run};
use eframe::egui::{
    self, Align2, CursorIcon, FontId, Galley, Pos2, Rect, Sense, Stroke, TextFormat, Ui,
    epaint::text::LayoutJob, vec2,
};
use std::collections::HashMap;
use std::hash::{Hash as _, Hasher as _};
use std::ops::Range;
use std::sync::Arc;

/// The body text size in points.
pub const BODY_SIZE: f32 = 16.0;
const BLOCK_GAP: f32 = 6.0;
const MARGIN: f32 = 12.0;

/// A text selection in document code points; `anchor` is where it started, `head` where it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSelection {
    /// Where the selection started.
    pub anchor: usize,
    /// Where it currently ends (moves while dragging or shift-clicking).
    pub head: usize,
}

impl TextSelection {
    /// An empty selection (a caret) at `offset`.
    pub fn caret(offset: usize) -> TextSelection {
        TextSelection {
            anchor: offset,
            head: offset,
        }
    }

    /// The selected code points, ordered.
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// What happened in the view this frame that the app must act on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewResponse {
    /// The user clicked (without dragging) at this code point.
    pub clicked_at: Option<usize>,
}

struct CachedBlock {
    key: u64,
    galley: Arc<Galley>,
    last_frame: u64,
}

/// Layout state that is valid for one document, wrap width and theme.
#[derive(Default)]
struct LayoutState {
    doc_version: u64,
    wrap_width: f32,
    dark: bool,
    heights: Heights,
    cache: HashMap<usize, CachedBlock>,
}

/// The document view's state.
#[derive(Default)]
pub struct DocumentView {
    layout: LayoutState,
    /// The current text selection, if any.
    pub selection: Option<TextSelection>,
    /// Where to scroll on the next frame: the block of this code point, a third of the way down
    /// the view (`false`) or at its top (`true`, to come back to where a reader left).
    scroll_to: Option<(usize, bool)>,
    dragging: bool,
    frame: u64,
    /// How many blocks were laid out (not taken from the cache) in the last frame.
    pub blocks_laid_out: usize,
    placed: Vec<PlacedBlock>,
    visible: Option<Rect>,
}

/// What the view needs to know about highlights.
pub struct Highlights<'a> {
    /// All marks overlapping a code point range.
    pub marks: &'a dyn Fn(Range<usize>) -> Vec<Mark>,
    /// The span of the selected annotation, outlined.
    pub outline: Option<(Range<usize>, Kind)>,
    /// The spans linked to the selected annotation (with the link's name): outlined with a
    /// dashed line and joined to it by a connector when both are on screen.
    pub linked: Vec<(Range<usize>, Kind, String)>,
}

impl DocumentView {
    /// Scrolls so that code point `offset` is visible (centred) on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to = Some((offset, false));
    }

    /// Scrolls so that the block of code point `offset` is the first one on screen (where the
    /// reader left a report).
    pub fn scroll_to_top_of(&mut self, offset: usize) {
        self.scroll_to = Some((offset, true));
    }

    /// Forgets all layout (call when a new document is opened).
    pub fn reset(&mut self) {
        *self = DocumentView::default();
    }

    /// The first code point on screen as last painted (0 before the first frame).
    pub fn first_visible(&self, doc: &Document) -> usize {
        self.placed
            .first()
            .and_then(|p| doc.blocks().get(p.index))
            .map_or(0, |b| b.char_start)
    }

    /// The selected text range, if it is not empty.
    pub fn selected_range(&self) -> Option<Range<usize>> {
        self.selection.filter(|s| !s.is_empty()).map(|s| s.range())
    }

    /// The screen rectangle of code point `offset` as last painted, if it was wholly visible.
    pub fn char_rect(&self, doc: &Document, offset: usize) -> Option<Rect> {
        let p = self
            .placed
            .iter()
            .find(|p| doc.blocks()[p.index].chars().contains(&offset))?;
        let within = offset - doc.blocks()[p.index].char_start;
        range_rects(&p.galley, p.pos, within..within + 1)
            .into_iter()
            .next()
            .filter(|r| self.visible.is_some_and(|v| v.contains_rect(*r)))
    }

    /// Shows `doc` (whose identity is `doc_version`) filling the available space.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        doc_version: u64,
        highlights: &Highlights<'_>,
    ) -> ViewResponse {
        self.frame += 1;
        // Counted per frame, not per pass: egui may run a frame's UI twice (a discarded first
        // pass), and the second pass finds the first pass's galleys in the cache.
        if ui.ctx().current_pass_index() == 0 {
            self.blocks_laid_out = 0;
        }
        let font_id = FontId::proportional(BODY_SIZE);
        let dark = ui.visuals().dark_mode;
        let wrap_width = (ui.available_width() - 2.0 * MARGIN - 16.0)
            .max(80.0)
            .round();
        if self.layout.doc_version != doc_version
            || self.layout.wrap_width != wrap_width
            || self.layout.dark != dark
            || self.layout.heights.len() != doc.blocks().len()
        {
            let row_height = ui.ctx().fonts_mut(|f| f.row_height(&font_id));
            self.layout = LayoutState {
                doc_version,
                wrap_width,
                dark,
                heights: estimate_heights(doc, wrap_width, row_height),
                cache: HashMap::new(),
            };
        }

        let mut area = egui::ScrollArea::vertical()
            .id_salt("document")
            .auto_shrink([false, false]);
        if let Some((offset, at_top)) = self.scroll_to.take() {
            let block = doc.block_at(offset);
            let y = self.layout.heights.top(block);
            let above = if at_top {
                0.0
            } else {
                ui.available_height() / 3.0
            };
            area = area.vertical_scroll_offset((y - above).max(0.0));
        }

        let mut response = ViewResponse::default();
        area.show_viewport(ui, |ui, viewport| {
            let total = self.layout.heights.total() + MARGIN;
            ui.set_height(total);
            ui.set_width(ui.available_width());
            let origin = ui.min_rect().min + vec2(MARGIN, MARGIN / 2.0);
            let placed = self.place_visible(ui, doc, viewport, origin, &font_id, highlights);

            let visible =
                Rect::from_min_size(ui.min_rect().min + viewport.min.to_vec2(), viewport.size());
            let sense = ui.interact(
                visible,
                ui.scope_id().with("document-text"),
                Sense::click_and_drag(),
            );
            let scroll_room = (viewport.min.y > 0.0, viewport.max.y < total);
            self.handle_pointer(ui, doc, &sense, &placed, scroll_room, &mut response);
            self.paint(ui, doc, &placed, highlights);
            self.placed = placed;
            self.visible = Some(visible);
        });
        self.evict_stale();
        response
    }

    /// Lays out (or takes from the cache) every block intersecting the viewport.
    fn place_visible(
        &mut self,
        ui: &Ui,
        doc: &Document,
        viewport: Rect,
        origin: Pos2,
        font_id: &FontId,
        highlights: &Highlights<'_>,
    ) -> Vec<PlacedBlock> {
        let mut placed = Vec::new();
        let blocks = doc.blocks();
        let mut i = self.layout.heights.block_at(viewport.min.y - MARGIN);
        let mut heights_changed = false;
        while i < blocks.len() {
            let top = self.layout.heights.top(i);
            if top > viewport.max.y {
                break;
            }
            let block = &blocks[i];
            let marks = (highlights.marks)(block.chars());
            let runs = highlight::runs(block.chars(), &marks);
            let galley = self.galley(ui, doc, i, &runs, font_id);
            let height = galley.size().y + BLOCK_GAP;
            if (height - self.layout.heights.get(i)).abs() > 0.25 {
                self.layout.heights.set(i, height);
                heights_changed = true;
            }
            placed.push(PlacedBlock {
                index: i,
                pos: origin + vec2(0.0, top),
                galley,
            });
            i += 1;
        }
        if heights_changed {
            // Estimated heights were corrected: settle the layout on the next frame.
            ui.ctx().request_repaint();
        }
        placed
    }

    fn galley(
        &mut self,
        ui: &Ui,
        doc: &Document,
        index: usize,
        runs: &[Run],
        font_id: &FontId,
    ) -> Arc<Galley> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        runs.hash(&mut hasher);
        let key = hasher.finish();
        if let Some(cached) = self.layout.cache.get_mut(&index)
            && cached.key == key
        {
            cached.last_frame = self.frame;
            return cached.galley.clone();
        }
        self.blocks_laid_out += 1;
        let block = &doc.blocks()[index];
        // Headings the extractor found (DOCX styles, HTML h1–h6, Markdown #) stand out; the
        // text and its offsets are the same either way.
        let (font_id, heading) = match heading_level(doc, block.chars()) {
            Some(level) => {
                let scale = match level {
                    1 => 1.35,
                    2 => 1.2,
                    _ => 1.1,
                };
                (FontId::proportional(font_id.size * scale), true)
            }
            None => (font_id.clone(), false),
        };
        let job = layout_job(
            doc.block_text(block),
            runs,
            &font_id,
            heading,
            self.layout.wrap_width,
            ui.visuals(),
        );
        let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
        self.layout.cache.insert(
            index,
            CachedBlock {
                key,
                galley: galley.clone(),
                last_frame: self.frame,
            },
        );
        galley
    }

    fn evict_stale(&mut self) {
        if self.layout.cache.len() > 1024 {
            let frame = self.frame;
            self.layout
                .cache
                .retain(|_, c| frame.saturating_sub(c.last_frame) < 60);
        }
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        doc: &Document,
        sense: &egui::Response,
        placed: &[PlacedBlock],
        (room_above, room_below): (bool, bool),
        response: &mut ViewResponse,
    ) {
        if sense.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        let (pressed, down, shift, pointer) = ui.input(|i| {
            (
                i.pointer.primary_pressed(),
                i.pointer.primary_down(),
                i.modifiers.shift,
                i.pointer.interact_pos(),
            )
        });
        let Some(pointer) = pointer else {
            return;
        };
        let offset_at = |p: Pos2| offset_at(doc, placed, p);
        if pressed && sense.hovered() {
            if let Some(at) = offset_at(pointer) {
                self.selection = Some(match self.selection {
                    Some(sel) if shift => TextSelection {
                        anchor: sel.anchor,
                        head: at,
                    },
                    _ => TextSelection::caret(at),
                });
                self.dragging = true;
            }
        } else if self.dragging && down {
            if let (Some(at), Some(sel)) = (offset_at(pointer), self.selection.as_mut()) {
                sel.head = at;
            }
            // Scroll when dragging beyond the top or bottom edge.
            let rect = sense.rect;
            let dy = if pointer.y < rect.top() && room_above {
                rect.top() - pointer.y
            } else if pointer.y > rect.bottom() && room_below {
                rect.bottom() - pointer.y
            } else {
                0.0
            };
            if dy != 0.0 {
                ui.scroll_with_delta(vec2(0.0, dy.clamp(-40.0, 40.0)));
                ui.ctx().request_repaint();
            }
        }
        if !down {
            self.dragging = false;
        }
        if sense.double_clicked()
            && let Some(at) = offset_at(pointer)
        {
            let block = &doc.blocks()[doc.block_at(at)];
            let word = crate::text::words::word_at(doc.block_text(block), at - block.char_start);
            self.selection = Some(TextSelection {
                anchor: block.char_start + word.start,
                head: block.char_start + word.end,
            });
        } else if sense.clicked() && !shift && self.selection.is_none_or(|s| s.is_empty()) {
            response.clicked_at = offset_at(pointer);
        }
    }

    fn paint(&self, ui: &Ui, doc: &Document, placed: &[PlacedBlock], highlights: &Highlights<'_>) {
        let painter = ui.painter();
        let visuals = ui.visuals();
        let selection = self.selected_range();
        for p in placed {
            let block = &doc.blocks()[p.index];
            if let Some(sel) = &selection {
                for rect in range_rects(&p.galley, p.pos, relative(sel, block.chars())) {
                    painter.rect_filled(rect, 0.0, visuals.selection.bg_fill.gamma_multiply(0.7));
                }
            }
            painter.galley(p.pos, p.galley.clone(), visuals.text_color());
            if let Some((span, kind)) = &highlights.outline {
                let stroke = Stroke::new(2.0, theme::strong(*kind, visuals.dark_mode));
                for rect in range_rects(&p.galley, p.pos, relative(span, block.chars())) {
                    painter.rect_stroke(rect.expand(1.0), 2.0, stroke, egui::StrokeKind::Outside);
                }
            }
        }
        self.paint_links(ui, doc, placed, highlights);
        if placed.is_empty() && doc.char_len() == 0 {
            painter.text(
                ui.min_rect().center_top() + vec2(0.0, 40.0),
                Align2::CENTER_TOP,
                crate::tr!("document.no_text"),
                FontId::proportional(BODY_SIZE),
                visuals.weak_text_color(),
            );
        }
    }
}

impl DocumentView {
    /// Marks the spans linked to the selected annotation: a dashed outline, the link's name
    /// beside it, and a connector in the left margin (so it never covers text) from the
    /// selected annotation's row to the linked span's row — or to the edge of the view, when
    /// the linked span is above or below what is on screen.
    fn paint_links(&self, ui: &Ui, doc: &Document, placed: &[PlacedBlock], h: &Highlights<'_>) {
        let (Some((source_span, _)), Some(first), Some(last)) =
            (&h.outline, placed.first(), placed.last())
        else {
            return;
        };
        let painter = ui.painter();
        let visuals = ui.visuals();
        let rects = |span: &Range<usize>| -> Vec<Rect> {
            placed
                .iter()
                .flat_map(|p| {
                    let block = &doc.blocks()[p.index];
                    range_rects(&p.galley, p.pos, relative(span, block.chars()))
                })
                .collect()
        };
        let shown = doc.blocks()[first.index].char_start..doc.blocks()[last.index].chars().end;
        let view = ui.clip_rect();
        let text_left = first.pos.x;
        // The row where a span is (or the view's edge in its direction), for the connector.
        let row_y = |span: &Range<usize>, rects: &[Rect]| match rects.first() {
            Some(r) => r.center().y,
            None if span.end <= shown.start => view.top(),
            None => view.bottom(),
        };
        let source_y = row_y(source_span, &rects(source_span));
        for (lane, (span, kind, name)) in h.linked.iter().enumerate() {
            let colour = theme::strong(*kind, visuals.dark_mode);
            let stroke = Stroke::new(1.5, colour);
            let linked = rects(span);
            for r in &linked {
                let r = r.expand(1.5);
                let corners = [
                    r.left_top(),
                    r.right_top(),
                    r.right_bottom(),
                    r.left_bottom(),
                ];
                for i in 0..4 {
                    painter.add(egui::Shape::dashed_line(
                        &[corners[i], corners[(i + 1) % 4]],
                        stroke,
                        4.0,
                        3.0,
                    ));
                }
            }
            if let Some(r) = linked.first() {
                let font = FontId::proportional(11.0);
                let galley = painter.layout_no_wrap(name.clone(), font, colour);
                let at = r.right_top() + vec2(3.0, -galley.size().y + 3.0);
                let pill = Rect::from_min_size(at, galley.size()).expand2(vec2(3.0, 0.0));
                painter.rect_filled(pill, 3.0, visuals.panel_fill);
                painter.rect_stroke(
                    pill,
                    3.0,
                    Stroke::new(1.0, colour),
                    egui::StrokeKind::Inside,
                );
                painter.galley(at, galley, colour);
            }
            let lane_x = text_left - 4.0 - 3.0 * (lane % 3) as f32;
            let target_y = row_y(span, &linked);
            painter.line_segment(
                [Pos2::new(lane_x, source_y), Pos2::new(lane_x, target_y)],
                stroke,
            );
            for y in [source_y, target_y] {
                if view.y_range().contains(y) && y != view.top() && y != view.bottom() {
                    painter.line_segment([Pos2::new(lane_x, y), Pos2::new(text_left, y)], stroke);
                }
            }
            painter.circle_filled(Pos2::new(lane_x, target_y), 2.5, colour);
        }
    }
}

struct PlacedBlock {
    index: usize,
    pos: Pos2,
    galley: Arc<Galley>,
}

/// The document code point under screen position `p`, clamped to the placed blocks.
fn offset_at(doc: &Document, placed: &[PlacedBlock], p: Pos2) -> Option<usize> {
    let hit = placed
        .iter()
        .find(|b| p.y < b.pos.y + b.galley.size().y + BLOCK_GAP)
        .or(placed.last())?;
    let block = &doc.blocks()[hit.index];
    let cursor = hit.galley.cursor_from_pos(p - hit.pos);
    Some(block.char_start + cursor.index.0.min(block.char_len))
}

/// `span` (absolute) relative to a block's code points, clipped to it.
fn relative(span: &Range<usize>, block: Range<usize>) -> Range<usize> {
    let start = span.start.clamp(block.start, block.end) - block.start;
    let end = span.end.clamp(block.start, block.end) - block.start;
    start..end
}

/// Screen rectangles covering code points `range` of a galley placed at `pos`, one per row.
fn range_rects(galley: &Galley, pos: Pos2, range: Range<usize>) -> Vec<Rect> {
    let mut rects = Vec::new();
    if range.is_empty() {
        return rects;
    }
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.char_count_excluding_newline().0;
        let (a, b) = (range.start.max(row_start), range.end.min(row_start + n));
        if a < b {
            let x0 = row.pos.x + row.x_offset((a - row_start).into());
            let x1 = row.pos.x + row.x_offset((b - row_start).into());
            rects.push(Rect::from_min_max(
                pos + vec2(x0, row.min_y()),
                pos + vec2(x1, row.max_y()),
            ));
        }
        row_start += row.char_count_including_newline().0;
    }
    rects
}

/// A first guess at each block's height, corrected as blocks are laid out.
fn estimate_heights(doc: &Document, wrap_width: f32, row_height: f32) -> Heights {
    let heights = doc
        .blocks()
        .iter()
        .map(|b| {
            // Mostly 3-byte (CJK) text is about one em per character, ASCII about half an em.
            let bytes_per_char = if b.char_len == 0 {
                1.0
            } else {
                b.byte_len as f32 / b.char_len as f32
            };
            let em = BODY_SIZE * (0.55 + 0.45 * ((bytes_per_char - 1.0) / 2.0).clamp(0.0, 1.0));
            let rows = ((b.char_len as f32 * em) / wrap_width).ceil().max(1.0);
            rows * row_height + BLOCK_GAP
        })
        .collect();
    Heights::new(heights)
}

/// The level of the heading that `block` (a char range) belongs to, if any.
fn heading_level(doc: &Document, block: std::ops::Range<usize>) -> Option<u8> {
    let headings = &doc.structure.headings;
    let i = headings.partition_point(|h| h.range.end <= block.start);
    headings
        .get(i)
        .filter(|h| h.range.start < block.end.max(block.start + 1))
        .map(|h| h.level)
}

/// The layout job for one block's text with its highlight runs.
fn layout_job(
    text: &str,
    runs: &[Run],
    font_id: &FontId,
    heading: bool,
    wrap_width: f32,
    visuals: &egui::Visuals,
) -> LayoutJob {
    let dark = visuals.dark_mode;
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes.push(text.len());
    for run in runs {
        let piece = &text[bytes[run.range.start]..bytes[run.range.end]];
        let mut format = TextFormat {
            font_id: font_id.clone(),
            color: if heading {
                visuals.strong_text_color()
            } else {
                visuals.text_color()
            },
            ..Default::default()
        };
        if let Some((kind, layer)) = run.style.fill {
            format.background = theme::fill(kind, layer, dark);
            if layer == Layer::Suggestion {
                format.underline = Stroke::new(1.5, theme::strong(kind, dark).gamma_multiply(0.8));
            }
        }
        if let Some((kind, layer)) = run.style.underline {
            let alpha = if layer == Layer::Suggestion { 0.6 } else { 1.0 };
            format.underline = Stroke::new(2.0, theme::strong(kind, dark).gamma_multiply(alpha));
        }
        job.append(piece, 0.0, format);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_clips_spans_to_blocks() {
        assert_eq!(relative(&(5..50), 20..30), 0..10);
        assert_eq!(relative(&(25..27), 20..30), 5..7);
        assert_eq!(relative(&(0..5), 20..30), 0..0);
    }

    #[test]
    fn blocks_inside_a_heading_get_its_level() {
        use crate::document::{Heading, Structure};
        let doc =
            Document::from_text("t.md", "标题\n正文第一段\n小节\n").with_structure(Structure {
                headings: vec![
                    Heading {
                        range: 0..2,
                        level: 1,
                    },
                    Heading {
                        range: 9..11,
                        level: 2,
                    },
                ],
                ..Structure::default()
            });
        let levels: Vec<Option<u8>> = doc
            .blocks()
            .iter()
            .map(|b| heading_level(&doc, b.chars()))
            .collect();
        assert_eq!(levels[..3], [Some(1), None, Some(2)]);
    }

    #[test]
    fn estimates_grow_with_text_and_width_matters() {
        let doc = Document::from_text("t.txt", &format!("短\n{}", "长".repeat(500)));
        let narrow = estimate_heights(&doc, 200.0, 20.0);
        let wide = estimate_heights(&doc, 2000.0, 20.0);
        assert_eq!(narrow.get(0), 20.0 + BLOCK_GAP);
        assert!(narrow.get(1) > wide.get(1));
    }
}
