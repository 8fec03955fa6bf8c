"""Lines for the press, in AP style whatever the letter's own credit style."""

from campaigns.letters.models import Campaign

FEATURED_IN_PRESS_LINE = 6


def press_line(campaign: Campaign, count: int) -> str:
    """'Among the 146 signatures are Rep. Zoe Lofgren, D-Calif., and Rep. Steny Hoyer, D-Md.'"""
    counted = campaign.signatures.counted()
    featured = list(
        counted.filter(featured=True).in_campaign_order(campaign)[:FEATURED_IN_PRESS_LINE]
    )
    if not featured:
        featured = list(counted.in_campaign_order(campaign)[:FEATURED_IN_PRESS_LINE])
    if not featured:
        return ""
    credits = [signature.credit(Campaign.CreditStyle.AP) for signature in featured]
    noun = "signature" if count == 1 else "signatures"
    if len(credits) == 1:
        line = f"Among the {count:,} {noun} is {credits[0]}"
    else:
        line = f"Among the {count:,} {noun} are {', '.join(credits[:-1])}, and {credits[-1]}"
    # An abbreviation's period ends the sentence too: "D-N.M." not "D-N.M.."
    return line if line.endswith(".") else f"{line}."
