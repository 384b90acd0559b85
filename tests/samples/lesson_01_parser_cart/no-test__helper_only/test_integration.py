from cart import Cart, add_line
from parser import parse


def checkout(lines):
    """A helper, but no test function yet: pytest collects nothing."""
    cart = Cart()
    for line in lines:
        add_line(cart, parse(line))
    return cart.total()
