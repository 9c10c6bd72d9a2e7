/** The panel's height, for the styles that keep the page and the picture clear of it (styles.css). */
const HEIGHT_PROPERTY = '--face-panel-height';

/**
 * The face check's instruction sits in a panel fixed at the bottom of the
 * screen; this brings the bottom of the call's picture, where the
 * customer's own picture is, and the call's buttons under it to just above it. On a phone the customer then
 * sees what to do and their own face together, wherever they had scrolled to.
 * When the panel changes size (its words, the language, elderly mode, a
 * turned phone) they are brought together again.
 */
export class FacePanelPlacement {
  private readonly observer = new ResizeObserver(() => this.measured());

  constructor(
    private readonly panel: HTMLElement,
    /** The customer's own video: the picture to keep in sight is the stage that holds it. */
    private readonly selfView: HTMLElement,
  ) {}

  /** The panel is on screen (it observes its first size at once, which brings the picture). */
  shown(): void {
    this.observer.observe(this.panel);
    this.measured();
  }

  hidden(): void {
    this.observer.disconnect();
    document.documentElement.style.removeProperty(HEIGHT_PROPERTY);
  }

  /** A new movement: shown beside the customer's face again, should they have scrolled away. */
  bring(): void {
    const picture = this.selfView.closest('.stage') ?? this.selfView;
    // The call's buttons under the picture come too: hanging up stays one tap away during a check.
    const controls = picture.nextElementSibling?.matches('.controls') ? picture.nextElementSibling : null;
    // At once, not smoothly: the customer is already turning. Their scroll-margin-bottom keeps them above the panel.
    (controls ?? picture).scrollIntoView({ block: 'end' });
  }

  private measured(): void {
    if (this.panel.hidden) return;
    // CSSOM, not a style attribute: the page's CSP allows no inline styles.
    const height = Math.ceil(this.panel.getBoundingClientRect().height);
    document.documentElement.style.setProperty(HEIGHT_PROPERTY, `${height}px`);
    this.bring();
  }
}
