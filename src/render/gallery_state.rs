//! Which photo the lightbox shows, as plain data so paging rules are tested
//! natively. Paging wraps around: after the last photo comes the first.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// The lightbox's position among `len` photos.
pub(super) struct GalleryState {
    len: usize,
    /// `None` while the lightbox is closed.
    open: Option<usize>,
}

impl GalleryState {
    /// Closed, over `len` photos.
    pub(super) fn new(len: usize) -> Self {
        GalleryState { len, open: None }
    }

    /// Open at `index`; closed when there is no such photo.
    pub(super) fn open_at(self, index: usize) -> Self {
        GalleryState {
            open: (index < self.len).then_some(index),
            ..self
        }
    }

    /// Closed, keeping the photos.
    pub(super) fn close(self) -> Self {
        GalleryState { open: None, ..self }
    }

    /// The next photo, the first after the last.
    pub(super) fn next(self) -> Self {
        self.step(1)
    }

    /// The previous photo, the last before the first.
    pub(super) fn previous(self) -> Self {
        self.step(self.len.saturating_sub(1))
    }

    fn step(self, by: usize) -> Self {
        GalleryState {
            open: self.open.map(|i| (i + by) % self.len.max(1)),
            ..self
        }
    }

    /// The photo shown, `None` while closed.
    pub(super) fn current(self) -> Option<usize> {
        self.open
    }

    /// "3 / 9" for the third of nine photos.
    pub(super) fn counter(self) -> Option<String> {
        self.open.map(|i| format!("{} / {}", i + 1, self.len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_through_and_wraps() {
        let g = GalleryState::new(9).open_at(2);
        assert_eq!(g.counter().as_deref(), Some("3 / 9"));
        assert_eq!(g.next().next().current(), Some(4));
        assert_eq!(g.open_at(8).next().current(), Some(0));
        assert_eq!(g.open_at(0).previous().current(), Some(8));
        assert_eq!(g.close().counter(), None);
    }

    #[test]
    fn out_of_range_and_empty_galleries_stay_closed() {
        assert_eq!(GalleryState::new(3).open_at(3).current(), None);
        let empty = GalleryState::new(0);
        assert_eq!(empty.open_at(0).next().previous().current(), None);
    }

    #[test]
    fn closed_gallery_ignores_paging() {
        assert_eq!(GalleryState::new(5).next().current(), None);
    }
}
